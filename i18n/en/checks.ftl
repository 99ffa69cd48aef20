# The checks screen.

check-line-break = { " " }(line break)
check-control = contains the control character { $code } at character { $at }; remove it (a line break only in function)
check-too-long = is { $count } characters long; at most { $max } are allowed: shorten it
check-email = { $value } is not an e-mail address
check-required = is required
check-delegation-required = is required (a code from `accredit registry list`)
check-delegation-unknown = unknown delegation { $code }; see `accredit registry list`
check-category-required = is required; one of { $known }
check-category-unknown = unknown category { $value }; one of { $known }
check-date = { $value } is not a date like 2015-07-06 (separate days with ;)
check-not-event-day = { $value } is not a day of the event ({ $days })
check-zone-unknown = unknown zone { $value }; one of { $known }
