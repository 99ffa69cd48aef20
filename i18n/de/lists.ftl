list-participating-states = Teilnehmerstaaten
list-partners = Kooperationspartner
list-organizations = Organisationen
list-of-participants = Teilnehmerliste
list-page = Seite { $page } von { $pages }
badge-valid = Gültig
badge-days = Tage: { $days }
badge-zones = Zonen: { $zones }
