# Der Eingang: Scanfeld, Entscheidung, Seitenleiste, Dialoge, Meldungen.

door-entry = EINGANG
door-exit = AUSGANG
door-zone = { $zone }
door-at-zone = Zone { $zone }
door-at-entrance = Haupteingang
door-scan-badge = Ausweis scannen
door-scan-hint = Ausweis scannen oder Code eintippen und Eingabe drücken
door-rehearsal-clock = Probeuhr: Scans werden um { $time } erfasst
door-ready = Bereit: Ausweis scannen
door-verdict-line = { $code } · Nr. { $seq } · { $time } · { $station }
door-attention = ACHTUNG: { $text }
door-not-in-registry = Person nicht im Register dieser Station
door-admit-override = Ausnahmsweise einlassen…
door-badge-number = Ausweis { $serial }
door-status-id = { $status } · ID { $id }

door-override-title = Ausnahmsweise einlassen
door-override-question = { $who } einlassen? Der Grund und Ihr Name werden protokolliert.
door-reason = Grund
door-admit = Einlassen
door-cancel = Abbrechen
door-annul-title = Scan annullieren
door-annul-question = { $what } annullieren? Der Scan zählt dann nicht mehr: Der nächste Scan des Ausweises wird beurteilt, als hätte es ihn nicht gegeben. Der Grund und Ihr Name werden protokolliert; nichts wird gelöscht.
door-annul-reason = Grund der Annullierung
door-annul-scan = Scan annullieren

door-supervisor = Aufsicht
door-close-supervisor = Aufsichtswerkzeuge schließen
door-today = Heute { $day }
door-inside-now = Jetzt im Haus
door-people-admitted = Eingelassene Personen
door-admissions = Einlässe
door-exits = Ausgänge
door-refusals = Abweisungen
door-scans = Scans
door-inside-per-zone = Im Haus je Zone: { $zones }
door-entrance = Haupteingang
door-mode = Türmodus
door-pin-explained = Die PIN der Aufsicht öffnet Suche, Ausnahme und Annullierung oder beendet den Türmodus.
door-pin = PIN
door-leave-mode = Türmodus beenden
door-this-station = Diese Station
door-direction = Richtung
door-direction-entry = Eingang
door-direction-exit = Ausgang
door-zone-guarded = Bewachte Zone
door-no-zone = Haupteingang (keine Zone)
door-who-is-inside = Wer ist im Haus
door-evacuation-roll = Evakuierungsliste (PDF)
door-last-scans = Letzte Scans
door-annul = Annullieren…
door-annulled = annulliert
door-forgotten-badge = Ausweis vergessen
door-find-by-name = Nach Namen suchen
door-admit-candidate = Einlassen…
door-settings = Einstellungen des Eingangs
door-language = Sprache am Eingang
door-language-desk = Wie am Schalter
door-verdict-seconds = Entscheidung sichtbar für (s)
door-scanner-pause = Scanner: längste Pause (ms)
door-scanner-prefix = Scanner-Präfix
door-sound = Ton je Entscheidung
door-no-sound = Kein Tonabspieler (paplay, pw-play, aplay) gefunden: stumm.
door-new-pin = Neue PIN
door-set-pin = PIN festlegen
door-enter-mode = Türmodus starten
door-mode-explained = Der Türmodus ist ein Kiosk: Vollbild, nur Scans, Entscheidungen und die heutigen Zähler, bis die PIN eingegeben wird; nach einem Neustart ist er wieder da.
door-reading-log = Scanprotokoll wird gelesen…
door-people-inside = { $count ->
    [one] { $count } Person im Haus um { $time }
   *[other] { $count } Personen im Haus um { $time }
}
door-not-in-this-registry = Nicht in diesem Register

door-msg-supervisor-open = Aufsichtswerkzeuge geöffnet. Danach bitte schließen.
door-msg-wrong-pin = Falsche PIN.
door-msg-pin-unreadable = Die PIN konnte nicht gelesen werden: { $error }
door-msg-pin-set = PIN für den Eingang festgelegt.
door-msg-cannot-enter = Der Türmodus konnte nicht gestartet werden: { $error }
door-msg-mode-on = Türmodus ein. Bearbeiten ist gesperrt, bis die PIN eingegeben wird.
door-msg-set-pin-first = Zuerst eine PIN festlegen (Eingang, am Schalter).
door-msg-cannot-leave = Der Türmodus konnte nicht beendet werden: { $error }
door-msg-mode-off = Türmodus aus.
door-msg-wrong-pin-stays = Falsche PIN. Der Türmodus bleibt an.
door-msg-cannot-start = Der Eingang kann nicht starten: { $error }
door-msg-not-recorded = Der Scan wurde nicht erfasst: { $error }
door-msg-not-admitted = Nicht eingelassen: { $error }
door-msg-db-unreadable = Die Datenbank konnte nicht gelesen werden: { $error }
door-msg-annulled = Annulliert: { $detail }
door-msg-not-annulled = Nicht annulliert: { $error }
door-msg-log-unreadable = Das Scanprotokoll kann nicht gelesen werden: { $error }
door-msg-roll-written = Evakuierungsliste: { $count ->
    [one] { $count } Person im Haus
   *[other] { $count } Personen im Haus
}, gespeichert unter { $path }.
door-msg-roll-failed = Die Evakuierungsliste wurde nicht geschrieben: { $error }
door-msg-quit-locked = Der Türmodus ist an: zum Beenden erst den Türmodus mit der PIN verlassen.
door-msg-checkpoint-failed = Sicherungspunkt des Scanprotokolls fehlgeschlagen (Scans werden weiter erfasst): { $error }
