# Dates : noms des mois, jours de la semaine et modèles.

month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
weekday-1 = lundi
weekday-2 = mardi
weekday-3 = mercredi
weekday-4 = jeudi
weekday-5 = vendredi
weekday-6 = samedi
weekday-7 = dimanche
date-long = { $day } { $month } { $year }
date-weekday = { $weekday } { $date }
date-day = { $day }
date-day-month = { $day } { $month }
date-range = { $from }-{ $to }
date-in-month = { $days } { $month } { $year }
