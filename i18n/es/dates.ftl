# Fechas: nombres de los meses, días de la semana y patrones.

month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
weekday-1 = lunes
weekday-2 = martes
weekday-3 = miércoles
weekday-4 = jueves
weekday-5 = viernes
weekday-6 = sábado
weekday-7 = domingo
date-long = { $day } de { $month } de { $year }
date-weekday = { $weekday }, { $date }
date-day = { $day }
date-day-month = { $day } de { $month }
date-range = { $from }-{ $to }
date-in-month = { $days } de { $month } de { $year }
