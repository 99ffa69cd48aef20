# The dashboard screen.

dash-refresh = Refresh
dash-audit-head = Audit head:
dash-none = none
dash-press-refresh = Press Refresh to compute the figures.
dash-double-entries = Double entries
dash-in-on = In on { $day }
dash-inside-now = Inside now ({ $at })
dash-inside-zone = Inside { $zone }
dash-arrivals-per-hour = Arrivals per hour
dash-by-category = By category
dash-by-delegation = By delegation
dash-people = people
dash-arrivals = Arrivals
dash-msg-no-figures = Cannot compute the figures: { $error }
dash-entry = entry { $id } { $hash }
dash-not-answered = Not answered ({ $count })
dash-over-quota = Over quota: { $list }
dash-all-answered = Every delegation has nominated someone.
