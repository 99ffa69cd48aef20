# Dates: month names as a date writes them, weekdays, and the patterns.

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
# 6 July 2015
date-long = { $day } { $month } { $year }
# Monday 6 July 2015
date-weekday = { $weekday } { $date }
# A day alone in a run of days: 6
date-day = { $day }
# 30 June (the start of a run into the next month)
date-day-month = { $day } { $month }
# 6-7
date-range = { $from }-{ $to }
# 6-7 July 2015
date-in-month = { $days } { $month } { $year }
