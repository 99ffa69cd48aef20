list-participating-states = Estados participantes
list-partners = Socios para la Cooperación
list-organizations = Organizaciones
list-of-participants = Lista de participantes
list-page = Página { $page } de { $pages }
badge-valid = Válido
badge-days = Días: { $days }
badge-zones = Zonas: { $zones }
