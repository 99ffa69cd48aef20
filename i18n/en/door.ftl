# The Door screen: scan field, verdict, side panel, dialogs, messages.

door-entry = ENTRY
door-exit = EXIT
door-zone = { $zone }
door-at-zone = zone { $zone }
door-at-entrance = entrance
door-scan-badge = Scan badge
door-scan-hint = scan a badge, or type its code and press Enter
door-rehearsal-clock = Rehearsal clock: scans are logged at { $time }
door-ready = Ready: scan a badge
door-verdict-line = { $code } · No. { $seq } · { $time } · { $station }
door-attention = ATTENTION: { $text }
door-not-in-registry = Person not in this station's registry
door-admit-override = Admit by override…
door-badge-number = badge { $serial }
door-status-id = { $status } · id { $id }

door-override-title = Admit by override
door-override-question = Admit { $who }? The reason and your name are logged.
door-reason = Reason
door-admit = Admit
door-cancel = Cancel
door-annul-title = Annul a scan
door-annul-question = Annul { $what }? It no longer counts: the badge's next scan is judged as if it had not happened. The reason and your name are logged; nothing is deleted.
door-annul-reason = Reason for the annulment
door-annul-scan = Annul scan

door-supervisor = Supervisor
door-close-supervisor = Close supervisor tools
door-today = Today { $day }
door-inside-now = Inside now
door-people-admitted = People admitted
door-admissions = Admissions
door-exits = Exits
door-refusals = Refusals
door-scans = Scans
door-inside-per-zone = Inside per zone: { $zones }
door-entrance = Entrance
door-mode = Door mode
door-pin-explained = The supervisor's PIN opens lookup, override and annulment, or leaves door mode.
door-pin = PIN
door-leave-mode = Leave door mode
door-this-station = This station
door-direction = Direction
door-direction-entry = Entry
door-direction-exit = Exit
door-zone-guarded = Zone guarded
door-no-zone = entrance (no zone)
door-who-is-inside = Who is inside
door-evacuation-roll = Evacuation roll (PDF)
door-last-scans = Last scans
door-annul = Annul…
door-annulled = annulled
door-forgotten-badge = Forgotten badge
door-find-by-name = Find by name
door-admit-candidate = Admit…
door-settings = Door settings
door-language = Door language
door-language-desk = Same as the desk
door-verdict-seconds = Verdict shown for (s)
door-scanner-pause = Scanner: longest pause (ms)
door-scanner-prefix = Scanner prefix
door-sound = Sound per verdict
door-no-sound = No sound player (paplay, pw-play, aplay) found: silent.
door-new-pin = New PIN
door-set-pin = Set PIN
door-enter-mode = Enter door mode
door-mode-explained = Door mode is a kiosk: full screen, only scans, verdicts and today's counters, until the PIN is given; it comes back after a restart.
door-reading-log = Reading the scan log…
door-people-inside = { $count ->
    [one] { $count } person inside at { $time }
   *[other] { $count } people inside at { $time }
}
door-not-in-this-registry = Not in this registry

door-msg-supervisor-open = Supervisor tools open. Close them when done.
door-msg-wrong-pin = Wrong PIN.
door-msg-pin-unreadable = Could not read the PIN: { $error }
door-msg-pin-set = Door PIN set.
door-msg-cannot-enter = Could not enter door mode: { $error }
door-msg-mode-on = Door mode on. Editing is locked until the PIN is given.
door-msg-set-pin-first = Set a door PIN first (Door screen, at the desk).
door-msg-cannot-leave = Could not leave door mode: { $error }
door-msg-mode-off = Door mode off.
door-msg-wrong-pin-stays = Wrong PIN. Door mode stays on.
door-msg-cannot-start = The door cannot start: { $error }
door-msg-not-recorded = The scan was not recorded: { $error }
door-msg-not-admitted = Not admitted: { $error }
door-msg-db-unreadable = Could not read the database: { $error }
door-msg-annulled = Annulled: { $detail }
door-msg-not-annulled = Not annulled: { $error }
door-msg-log-unreadable = Cannot read the scan log: { $error }
door-msg-roll-written = Evacuation roll: { $count ->
    [one] { $count } person inside
   *[other] { $count } people inside
}, written to { $path }.
door-msg-roll-failed = The evacuation roll was not written: { $error }
door-msg-quit-locked = Door mode is on: leave door mode with the PIN to quit.
door-msg-checkpoint-failed = Scan log checkpoint failed (scans are still recorded): { $error }
