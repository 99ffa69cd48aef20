# The records screen.

records-reminder = The event ended on { $ended }; its retention period of { $days } days is over since { $due }: purge the personal data of { $people ->
    [one] { $people } person
   *[other] { $people } people
} (Records screen: Purge personal data…).
rec-backups = Backups
rec-backups-explained = A backup is a consistent copy of the database, made while the desk and the doors go on working; it is checked after writing and never replaces a file.
rec-folder = Backup folder
rec-folder-hint = empty: a folder 'backups' beside the database
rec-every = Every (minutes)
rec-keep = Keep the last
rec-auto = Automatic backups
rec-save-settings = Save backup settings
rec-backup-now = Back up now
rec-next = Next automatic backup in about { $minutes } min.
rec-restore-title = Restore from a backup
rec-restore-explained = Replace this database by a backup of the same event; the current one is kept as a copy beside it.
rec-backup-file = Backup file
rec-backup-file-hint = path of a backup (.sqlite3)
rec-restore-button = Restore…
rec-now = { $delegates } delegates and { $entries } audit entries now
rec-no-db = no database yet
rec-restore-question = Restore { $path } of event { $event } ({ $delegates } delegates, { $entries } audit entries) over this database ({ $current })?
rec-restore = Restore
rec-audit = Audit trail
rec-audit-explained = Every change is linked to the one before by a SHA-256 hash; write the head down or sign it.
rec-head = Head:
rec-no-entries = none (no entries)
rec-verify = Verify the audit chain
rec-personal-data = Personal data
rec-door-copy = This is a door station copy: once its scans are merged at the desk, delete the file.
rec-purge-explained = After the event: remove names, e-mails, functions, photos, attention notes and external ids of every delegate. The counts per delegation, category, day and hour stay, and so does the audit trail (its values become hashes).
rec-purge-button = Purge personal data…
rec-backups-too = Backups made before still hold personal data: delete them too.
rec-type-code = Type the event code ({ $code }) to confirm
rec-purge = Purge personal data
rec-in-memory = The database is in memory: there is no file to back up or purge.
rec-verifying = Verifying the audit chain…
rec-purging = Purging the personal data…
rec-cannot-restore = Cannot restore: { $error }
rec-restoring = Restoring the backup…
rec-settings-invalid = Every: a number of minutes from 1 to 1440; keep: a number of backups from 1 to 1000.
rec-settings-saved = Backup settings saved.
rec-settings-not-saved = Cannot save the backup settings: { $error }
rec-worker-stopped = The records worker stopped.
rec-kind-auto = Automatic backup
rec-kind-manual = Backup
rec-backup-done = { $kind } written and verified at { $at }: { $path } ({ $delegates } delegates, { $bytes } bytes)
rec-older-removed = ; { $count } older removed
rec-backup-failed = { $kind } failed: { $error }
rec-verified = The audit chain verifies: { $entries } entries.
rec-changed-outside = The audit trail was changed outside accredit: { $why }.
rec-cannot-verify = Cannot verify: { $error }
rec-purged = The personal data of { $people } people is removed; the file is vacuumed. Delete the backups made before.
rec-purge-failed = The purge did not finish: { $error }
rec-restored = Restored: { $delegates } delegates.{ $kept }
rec-kept-as = { " " }The replaced database is kept as { $path }.
rec-not-restored = Not restored: { $error }
rec-backing-up = Backing up…
records-reminder-sensitive = The event ended on { $ended }; the sensitive data (dates of birth, identity documents) is kept { $days } days, until { $due }: purge it for { $people ->
    [one] { $people } person
   *[other] { $people } people
} (`accredit purge --sensitive`).
rec-checking-backup = Checking the backup…
