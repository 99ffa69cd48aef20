list-participating-states = Государства-участники
list-partners = Партнеры по сотрудничеству
list-organizations = Организации
list-of-participants = Список участников
list-page = Страница { $page } из { $pages }
badge-valid = Действителен
badge-days = Дни: { $days }
badge-zones = Зоны: { $zones }
