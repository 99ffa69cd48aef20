# The stations screen.

sta-title = Stations
sta-door-copy = This database is a door station copy: package door copies at the desk.
sta-package-title = Package a door copy
sta-package-explained = A copy of the registry for one door computer: names, photos, statuses and the event's public key; no signing key, no e-mails, no external ids, no audit trail. It gets a station id of its own.
sta-door-copy-file = Door copy file
sta-package = Package door copy
sta-export-title = Export this station's scans
sta-export-explained = Every scan this database knows, in a file to carry to the desk or to another door.
sta-export-file = Scan export file
sta-export = Export scans
sta-merge-title = Merge scans from another station
sta-merge-explained = A scan export or a station database. Merging twice adds nothing twice.
sta-merge-file = File to merge
sta-merge = Merge scans
sta-exporting = Exporting the scans to { $path }
sta-exported = Exported { $scans } scans of station { $station } to { $path }.
sta-packaging = Packaging a door copy to { $path }
sta-packaged = Door copy { $path } written, station id { $station }: { $delegates } delegates, { $photos } photos, no signing key, no e-mails.
sta-merging = Merging the scans of { $path }
sta-conflicting = , { $count } conflicting (kept as they were here)
sta-merged = Merged { $path } from station { $station }: { $read } scans read, { $added } added, { $known } already known{ $conflicts }.
sta-door-stations = Door stations
sta-certified-count = { $desks ->
    [one] { $desks } desk
   *[other] { $desks } desks
} and { $doors ->
    [one] { $doors } door
   *[other] { $doors } doors
} certified
sta-role-desk = desk
sta-role-door = door
sta-no-name = (no name)
sta-certified-at = certified { $at }
sta-revoked-at = revoked { $at }
