# The frame: menus, tabs, status bar.

menu-file = File
menu-view = View
menu-go = Go
menu-language = Language
action-search = Search delegates
action-print-selection = Print selected badges
action-import = Import nominations…
action-door-full-screen = Door full screen
action-toggle-theme = Light / dark theme
action-order-english = Protocol order: English
action-order-french = Protocol order: French
action-reload = Reload from database
action-quit = Quit

screen-registry = Registry
screen-delegates = Delegates
screen-import = Import
screen-badges = Badges
screen-door = Door
screen-dashboard = Dashboard
screen-records = Records
screen-design = Badge design
screen-event = Event
screen-participants = Participants
screen-stations = Stations

app-door-mode-locked = DOOR MODE: editing locked
app-local-time-hint = Every time the app shows is the event's local time.
app-loading-delegates = Loading the delegates…
app-ready = Ready
app-in-memory = in memory
app-delegates-count = { $count ->
    [one] { $count } delegate
   *[other] { $count } delegates
} · { $db }
app-no-sync = No sync with the hub: { $error }
app-language-set = Language: { $language }

app-zone-event = Event
app-zone-label = { $place } time ({ $offset })

net-single-station = Single station (no hub)
net-hub-connected = Hub connected
net-hub-offline = Hub offline since { $since }
net-hub-connecting = Hub: connecting…
net-network = Network
net-hub = Hub
net-waiting = Waiting to be sent
net-last-sync = Last sync
net-never = never
net-refused = Refused items
net-stations-known = Stations known: { $count }
net-last-heard = last heard { $at }
status-pending = pending
status-accredited = accredited
status-rejected = rejected
status-withdrawn = withdrawn
app-script-not-covered = (script not covered by the bundled fonts)
app-photo-alt = Photo of the delegate
app-no-photo = no photo
app-door-mode-pin-opens = Door mode is on: the supervisor's PIN opens this.
app-door-mode-edit = Door mode is on: leave door mode with the PIN to edit.
app-reloaded = Reloaded from the database.
app-delegates-unreadable = Could not read the delegates: { $error }
app-cancelling = cancelling…
app-busy = Other work is still running; wait for it or cancel it.
app-in-memory-slow = This database is in memory; slow work needs a database file.
app-opening = Opening { $path }
app-sending = Sending { $path } to { $printer }…
app-type-to-filter = Type to filter
app-filter-hint = code or name, English or French
app-no-delegation-matches = No delegation matches.
net-hub-auth-refused = Hub refused this station's login since { $since }
net-hub-event-refused = Hub refused this station (another event) since { $since }
net-station-refused =  — REFUSED: { $why }
net-station-uncertified =  — no certificate on the hub
net-advice = What to do: { $advice }
net-oversize = Oversize items skipped: { $count }
net-close-title = Close the desk?
net-close-warning = Door stations depend on this desk. While the desk app is closed, reissues, withdrawals and other revocations stop reaching the doors until it runs again (or until `accredit sync` runs on this desk's database, e.g. as a service). Scans at the doors go on.
net-close-keep = Keep the desk open
net-close-anyway = Close anyway
app-zone-event-time = Event time ({ $offset })
menu-help = Help
menu-getting-started = Getting started…
