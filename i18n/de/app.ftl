menu-file = Datei
menu-view = Ansicht
menu-go = Gehe zu
menu-language = Sprache
action-search = Delegierte suchen
action-print-selection = Ausgewählte Ausweise drucken
action-import = CSV importieren…
action-door-full-screen = Eingang im Vollbild
action-toggle-theme = Hell / dunkel
action-order-english = Protokollreihenfolge: Englisch
action-order-french = Protokollreihenfolge: Französisch
action-reload = Aus der Datenbank neu laden
action-quit = Beenden

screen-registry = Register
screen-delegates = Delegierte
screen-import = Import
screen-badges = Ausweise
screen-door = Eingang
screen-dashboard = Übersicht
screen-records = Akten
screen-design = Ausweisgestaltung
screen-event = Veranstaltung
screen-participants = Teilnehmer
screen-stations = Stationen

app-door-mode-locked = TÜRMODUS: Bearbeiten gesperrt
app-local-time-hint = Jede angezeigte Uhrzeit ist Ortszeit der Veranstaltung.
app-loading-delegates = Delegierte werden geladen…
app-ready = Bereit
app-in-memory = im Arbeitsspeicher
app-delegates-count = { $count ->
    [one] { $count } Delegierte(r)
   *[other] { $count } Delegierte
} · { $db }
app-no-sync = Kein Abgleich mit der Zentrale: { $error }
app-language-set = Sprache: { $language }

app-zone-event = Veranstaltung
app-zone-label = Ortszeit { $place } ({ $offset })

net-single-station = Einzelstation (keine Zentrale)
net-hub-connected = Mit der Zentrale verbunden
net-hub-offline = Zentrale nicht erreichbar seit { $since }
net-hub-connecting = Zentrale: Verbindung wird hergestellt…
net-network = Netzwerk
net-hub = Zentrale
net-waiting = Wartet auf Versand
net-last-sync = Letzter Abgleich
net-never = nie
net-refused = Abgelehnte Einträge
net-stations-known = Bekannte Stationen: { $count }
net-last-heard = zuletzt gehört { $at }
status-pending = ausstehend
status-accredited = akkreditiert
status-rejected = abgelehnt
status-withdrawn = zurückgezogen
app-script-not-covered = (Schrift von den mitgelieferten Schriftarten nicht abgedeckt)
app-photo-alt = Foto der/des Delegierten
app-no-photo = kein Foto
app-door-mode-pin-opens = Der Türmodus ist an: die PIN der Aufsicht öffnet dies.
app-door-mode-edit = Der Türmodus ist an: zum Bearbeiten erst den Türmodus mit der PIN verlassen.
app-reloaded = Aus der Datenbank neu geladen.
app-delegates-unreadable = Die Delegierten konnten nicht gelesen werden: { $error }
app-cancelling = wird abgebrochen…
app-busy = Eine andere Arbeit läuft noch; darauf warten oder sie abbrechen.
app-in-memory-slow = Diese Datenbank liegt im Arbeitsspeicher; längere Arbeiten brauchen eine Datenbankdatei.
app-opening = { $path } wird geöffnet
app-sending = { $path } wird an { $printer } gesendet…
app-type-to-filter = Zum Filtern tippen
app-filter-hint = Code oder Name, englisch oder französisch
app-no-delegation-matches = Keine Delegation passt.
