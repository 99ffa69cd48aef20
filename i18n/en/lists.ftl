# What badges and the list of participants print in the chosen language.

list-participating-states = Participating States
list-partners = Partners for Co-operation
list-organizations = Organizations
list-of-participants = List of participants
list-page = Page { $page } of { $pages }
badge-valid = Valid
badge-days = Days: { $days }
badge-zones = Zones: { $zones }
