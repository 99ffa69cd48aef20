# Daten: Monatsnamen, Wochentage und Muster.

month-1 = Januar
month-2 = Februar
month-3 = März
month-4 = April
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = August
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Dezember
weekday-1 = Montag
weekday-2 = Dienstag
weekday-3 = Mittwoch
weekday-4 = Donnerstag
weekday-5 = Freitag
weekday-6 = Samstag
weekday-7 = Sonntag
date-long = { $day }. { $month } { $year }
date-weekday = { $weekday }, { $date }
date-day = { $day }.
date-day-month = { $day }. { $month }
date-range = { $from }–{ $to }
date-in-month = { $days } { $month } { $year }
