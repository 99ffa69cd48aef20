records-reminder =
    Die Veranstaltung endete am { $ended }; ihre Aufbewahrungsfrist von { $days } Tagen ist seit dem { $due } abgelaufen: die personenbezogenen Daten von { $people ->
        [one] { $people } Person
       *[other] { $people } Personen
    } löschen (Bildschirm Akten: Personenbezogene Daten löschen…).
rec-backups = Sicherungen
rec-backups-explained = Eine Sicherung ist eine konsistente Kopie der Datenbank, erstellt während Schalter und Eingänge weiterarbeiten; sie wird nach dem Schreiben geprüft und ersetzt nie eine Datei.
rec-folder = Sicherungsordner
rec-folder-hint = leer: ein Ordner 'backups' neben der Datenbank
rec-every = Alle (Minuten)
rec-keep = Die letzten behalten
rec-auto = Automatische Sicherungen
rec-save-settings = Sicherungseinstellungen speichern
rec-backup-now = Jetzt sichern
rec-next = Nächste automatische Sicherung in etwa { $minutes } Min.
rec-restore-title = Aus einer Sicherung wiederherstellen
rec-restore-explained = Diese Datenbank durch eine Sicherung derselben Veranstaltung ersetzen; die jetzige bleibt als Kopie daneben.
rec-backup-file = Sicherungsdatei
rec-backup-file-hint = Pfad einer Sicherung (.sqlite3)
rec-restore-button = Wiederherstellen…
rec-now = derzeit { $delegates } Delegierte und { $entries } Prüfeinträge
rec-no-db = noch keine Datenbank
rec-restore-question = { $path } der Veranstaltung { $event } ({ $delegates } Delegierte, { $entries } Prüfeinträge) über diese Datenbank ({ $current }) wiederherstellen?
rec-restore = Wiederherstellen
rec-audit = Prüfprotokoll
rec-audit-explained = Jede Änderung ist durch einen SHA-256-Hash mit der vorigen verknüpft; den Kopf notieren oder signieren.
rec-head = Kopf:
rec-no-entries = keiner (keine Einträge)
rec-verify = Prüfkette verifizieren
rec-personal-data = Personenbezogene Daten
rec-door-copy = Dies ist die Kopie einer Eingangsstation: sobald ihre Scans am Schalter zusammengeführt sind, die Datei löschen.
rec-purge-explained = Nach der Veranstaltung: Namen, E-Mails, Funktionen, Fotos, Hinweise und externe IDs aller Delegierten entfernen. Die Zahlen je Delegation, Kategorie, Tag und Stunde bleiben, ebenso das Prüfprotokoll (seine Werte werden zu Hashes).
rec-purge-button = Personenbezogene Daten löschen…
rec-backups-too = Vorher erstellte Sicherungen enthalten noch personenbezogene Daten: auch sie löschen.
rec-type-code = Zur Bestätigung den Veranstaltungscode ({ $code }) eingeben
rec-purge = Personenbezogene Daten löschen
