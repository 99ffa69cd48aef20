list-participating-states = Stati partecipanti
list-partners = Partner per la cooperazione
list-organizations = Organizzazioni
list-of-participants = Elenco dei partecipanti
list-page = Pagina { $page } di { $pages }
badge-valid = Valido
badge-days = Giorni: { $days }
badge-zones = Zone: { $zones }
