# What badges and the list of participants print in the chosen language.

list-participating-states = Participating States
list-partners = Partners for Co-operation
list-organizations = Organizations
list-of-participants = List of participants
list-page = Page { $page } of { $pages }
badge-valid = Valid
badge-days = Days: { $days }
badge-zones = Zones: { $zones }
unprintable-no-room = { $field } { $text } does not fit the badge even at the smallest size; that line is left off the badge
unprintable-glyphs-left-off = { $field } { $text } has characters no bundled font covers ({ $chars }); that line is left off the badge
unprintable-glyphs-printed = { $field } { $text } has characters no bundled font covers ({ $chars }); printed without them
