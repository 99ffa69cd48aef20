# The door's verdicts: the headline the guard reads, and why in plain words. The command line
# prints the English ones.

verdict-admitted = WELCOME
verdict-re-entry = WELCOME BACK
verdict-already-in = ALREADY ENTERED
verdict-already-in-at = ALREADY ENTERED { $time } AT { $station }
verdict-revoked = BADGE REVOKED
verdict-replaced = BADGE REPLACED
verdict-rejected = ACCREDITATION REJECTED
verdict-withdrawn = ACCREDITATION WITHDRAWN
verdict-not-accredited = NOT ACCREDITED
verdict-not-today = NOT VALID TODAY
verdict-zone-denied = NOT FOR THIS ZONE
verdict-unregistered = UNKNOWN BADGE - CALL SUPERVISOR
verdict-invalid = NOT A VALID BADGE
verdict-override = ADMITTED BY SUPERVISOR
verdict-exit = GOODBYE
verdict-annulled = SCAN ANNULLED

verdict-detail-malformed = not an accredit pass ({ $reason })
verdict-detail-other-event = pass of another event ({ $event })
verdict-detail-forged = signature does not match: altered or forged pass
verdict-detail-unencodable = cannot encode pass: { $reason }
verdict-detail-serial-range = badge serial out of range
verdict-detail-unknown = correctly signed badge { $serial } v{ $version } unknown to this station's copy of the registry (issued after the copy was made?): a supervisor decides
verdict-detail-newer = correctly signed badge version { $version } is newer than this copy knows (v{ $current }): a supervisor decides
verdict-detail-replaced = badge version { $version } was replaced by version { $current }
verdict-detail-withdrawn = accreditation withdrawn
verdict-detail-rejected = accreditation rejected
verdict-detail-pending = accreditation still pending
verdict-detail-not-event-day = { $day } is not a day of the event ({ $days })
verdict-detail-valid-only = valid on { $days } only, not { $day }
verdict-detail-zone = zone { $zone } is not on this badge ({ $zones })
verdict-detail-re-entry = re-entry; first entry { $time } at { $station }
verdict-detail-already = already admitted { $time } at { $station }
verdict-detail-back-left = welcome back; left { $time } at { $station }
verdict-detail-back-checkout = welcome back; checked out automatically at { $time }
verdict-detail-welcome = welcome
verdict-detail-goodbye-entered = goodbye; entered { $time } at { $station }
verdict-detail-goodbye = goodbye; no entry on record today
verdict-detail-with-reason = { $detail }: { $reason }
verdict-detail-override = admitted by override ({ $operator }): { $reason }
verdict-detail-annulled = annulled { $code } of { $time } at { $station } ({ $operator }): { $reason }
