sta-title = Stationen
sta-door-copy = Diese Datenbank ist die Kopie einer Eingangsstation: Kopien am Schalter erstellen.
sta-package-title = Kopie für einen Eingang erstellen
sta-package-explained = Eine Kopie des Registers für einen Eingangsrechner: Namen, Fotos, Status und der öffentliche Schlüssel der Veranstaltung; kein Signaturschlüssel, keine E-Mails, keine externen IDs, kein Prüfprotokoll. Sie erhält eine eigene Stationskennung.
sta-door-copy-file = Datei der Eingangskopie
sta-package = Kopie erstellen
sta-export-title = Scans dieser Station exportieren
sta-export-explained = Alle Scans dieser Datenbank in einer Datei, die zum Schalter oder zu einem anderen Eingang gebracht wird.
sta-export-file = Datei für den Scan-Export
sta-export = Scans exportieren
sta-merge-title = Scans einer anderen Station zusammenführen
sta-merge-explained = Ein Scan-Export oder die Datenbank einer Station. Zweimal zusammenführen fügt nichts doppelt hinzu.
sta-merge-file = Zusammenzuführende Datei
sta-merge = Scans zusammenführen
sta-exporting = Scans werden nach { $path } exportiert
sta-exported = { $scans } Scans der Station { $station } nach { $path } exportiert.
sta-packaging = Eingangskopie wird nach { $path } geschrieben
sta-packaged = Eingangskopie { $path } geschrieben, Stationskennung { $station }: { $delegates } Delegierte, { $photos } Fotos, kein Signaturschlüssel, keine E-Mails.
sta-merging = Scans von { $path } werden zusammengeführt
sta-conflicting = , { $count } widersprüchlich (wie hier belassen)
sta-merged = { $path } von Station { $station } zusammengeführt: { $read } Scans gelesen, { $added } hinzugefügt, { $known } bereits bekannt{ $conflicts }.
sta-door-stations = Türstationen
sta-certified-count = { $desks } Schalter und { $doors ->
    [one] { $doors } Tür
   *[other] { $doors } Türen
} zertifiziert
sta-role-desk = Schalter
sta-role-door = Tür
sta-no-name = (ohne Namen)
sta-certified-at = zertifiziert { $at }
sta-revoked-at = gesperrt { $at }
