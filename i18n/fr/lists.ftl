list-participating-states = États participants
list-partners = Partenaires pour la coopération
list-organizations = Organisations
list-of-participants = Liste des participants
list-page = Page { $page } sur { $pages }
badge-valid = Valable
badge-days = Jours : { $days }
badge-zones = Zones : { $zones }
