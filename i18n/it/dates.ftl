# Date: nomi dei mesi, giorni della settimana e modelli.

month-1 = gennaio
month-2 = febbraio
month-3 = marzo
month-4 = aprile
month-5 = maggio
month-6 = giugno
month-7 = luglio
month-8 = agosto
month-9 = settembre
month-10 = ottobre
month-11 = novembre
month-12 = dicembre
weekday-1 = lunedì
weekday-2 = martedì
weekday-3 = mercoledì
weekday-4 = giovedì
weekday-5 = venerdì
weekday-6 = sabato
weekday-7 = domenica
date-long = { $day } { $month } { $year }
date-weekday = { $weekday } { $date }
date-day = { $day }
date-day-month = { $day } { $month }
date-range = { $from }-{ $to }
date-in-month = { $days } { $month } { $year }
