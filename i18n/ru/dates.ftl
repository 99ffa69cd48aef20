# Даты: названия месяцев (в родительном падеже, как в дате), дни недели и шаблоны.

month-1 = января
month-2 = февраля
month-3 = марта
month-4 = апреля
month-5 = мая
month-6 = июня
month-7 = июля
month-8 = августа
month-9 = сентября
month-10 = октября
month-11 = ноября
month-12 = декабря
weekday-1 = понедельник
weekday-2 = вторник
weekday-3 = среда
weekday-4 = четверг
weekday-5 = пятница
weekday-6 = суббота
weekday-7 = воскресенье
date-long = { $day } { $month } { $year }
date-weekday = { $weekday }, { $date }
date-day = { $day }
date-day-month = { $day } { $month }
date-range = { $from }–{ $to }
date-in-month = { $days } { $month } { $year }
