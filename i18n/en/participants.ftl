# The participants screen.

part-title = List of participants
part-explained = Delegations in protocol order, each with its accredited delegates: A4 PDF with page numbers, or CSV for a spreadsheet.
part-order = Order
part-english-names = English names
part-french-names = French names
part-format = Format
part-write-to = Write the list to
part-path-hint = /path/to/participants.pdf or .csv
part-write = Write the list
part-open = Open
part-print = Print
part-print-disabled = Write the PDF first, and choose a printer on the Badges screen.
part-printer = printer: { $printer }
part-writing = Writing the list of participants to { $path }
part-pages = , { $pages ->
    [one] { $pages } page
   *[other] { $pages } pages
}
part-warnings = { " " }Warnings: { $warnings }
part-written = List of participants written: { $persons ->
    [one] { $persons } participant
   *[other] { $persons } participants
} in { $delegations ->
    [one] { $delegations } delegation
   *[other] { $delegations } delegations
}{ $pages }, { $path }.{ $warnings }
