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
check-invisible = contains the invisible character { $code } at character { $at }; remove it: it does not show, or turns the text around, so that the name could look like another person's
check-invisible-joiner = contains the invisible character { $code } at character { $at }; remove it: it does not show, so that the name could look like another person's (a joiner is kept only between two letters of a script that needs it, in native_name)
check-joiner = contains the invisible character { $code } at character { $at }; remove it: it does not show, so that the name could look like another person's
check-gender = { $value } is not a gender: write F, M or X, or leave it empty
check-country = { $value } is not an ISO 3166-1 alpha-2 country code (two letters like AT, FR, US)
check-record-date = { $value } is not a date like 1970-01-31
check-before-1900 = { $value } is before 1900; check the year
check-birth-future = { $value } is in the future; check the date of birth
check-id-type = unknown document type { $value }; one of { $known }
check-id-number-chars = { $value } holds { $char }; only letters A-Z, digits, blanks, - and / are allowed
check-plate-chars = { $value } holds { $char }; only letters A-Z, digits, blanks and - are allowed
check-verdict = unknown verdict { $value }; cleared or refused
check-id-expiring = warning: the identity document of { $name } expires on { $expiry }, before the event's last day { $last }; ask for a valid document
