# The badges screen.

bad-find = Find delegate
bad-unprinted = Not yet printed
bad-all-accredited = All accredited
bad-ticked = Ticked ({ $count })
bad-listed = { $count } listed
bad-tick-all = Tick all listed
bad-badge = Badge
bad-tick-one = Tick { $name }
bad-printed = printed
bad-to-print = to print
bad-preview = Preview
bad-cr80 = cr80: ID-1 card 85.6 x 54 mm
bad-a6 = a6: 105 x 148 mm
bad-a4x4 = a4x4: four A6 on A4
bad-click-to-preview = Click a delegate in the list to preview the badge.
bad-badge-of = Badge of { $name }
bad-no-preview = No preview: { $error }
bad-reissue-button = Reissue badge…
bad-reissue-hint = A new badge version; the old badge is refused at the door from now on.
bad-reissue-title = Reissue badge
bad-reissue-question = Issue version { $next } of the badge of { $name }? The current badge (version { $version }) will be refused at the door from now on.
bad-reissue = Reissue
bad-output-pdf = Output PDF
bad-output-hint = empty: beside the database, named by date and time
bad-printer = Printer
bad-no-printer = none: open the PDF
bad-no-cups = No CUPS printer found (lpstat -e).
bad-cups-count = { $count ->
    [one] { $count } printer
   *[other] { $count } printers
}
bad-open-after = Open the PDF when done (when no printer is chosen)
bad-print-ticked = Print { $count } ticked
bad-print-unprinted = Print all not yet printed ({ $count })
bad-door-copy = This is a door station copy: print badges at the accreditation desk.
bad-last-run = Last run: { $badges ->
    [one] { $badges } badge
   *[other] { $badges } badges
}, { $pages ->
    [one] { $pages } page
   *[other] { $pages } pages
}, { $kb } KB: { $path }
bad-open-pdf = Open PDF
bad-send-to = Send to { $printer }
bad-last-nothing = Last run: nothing to print.
bad-before-printing = Before printing
bad-glyph-lines = { $count ->
    [one] { $count } line has
   *[other] { $count } lines have
} characters no bundled font covers:
bad-print-anyway = Print anyway
bad-msg-not-reissued = Not reissued: { $error }
bad-msg-cannot-print = Cannot print: { $error }
bad-msg-nothing = Nothing to print: every accredited badge is printed already.
bad-warning = Warning: the { $problem }.
bad-msg-reissued = { $name } now has badge version { $version }; the previous badge is refused at the door.
bad-gone = no longer in the registry
bad-msg-skipped = Skipped { $count ->
    [one] { $count } ticked delegate
   *[other] { $count } ticked delegates
} not accredited ({ $why }): only accredited delegates get a badge.
bad-msg-nothing-printed = Nothing printed. { $why }
bad-printing-to = Printing badges to { $path }
bad-msg-not-printed = Not printed: { $error }
bad-msg-printed = Printed { $badges ->
    [one] { $badges } badge
   *[other] { $badges } badges
}, { $pages ->
    [one] { $pages } page
   *[other] { $pages } pages
} to { $path }.{ $skipped }
