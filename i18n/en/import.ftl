# The import screen.

imp-title = Import delegates from CSV or Excel
imp-columns = Columns: external_id, delegation, title, given_name, family_name, native_name, function, category, email, days, zones, photo (in the first row of the first sheet of a workbook: .xlsx, .xls or .ods). Nothing is written until you press Import.
imp-drop = Drop the file to check it
imp-file = CSV or Excel file
imp-file-hint = /path/to/nominations.xlsx or .csv, or drop the file here
imp-browse = Browse…
imp-check = Check file
imp-no-dialog = No file dialog answered (there may be none on this computer): type the file's path in the field above and press Enter, or drop the file on the window.
imp-export-to = Export all delegates to
imp-export-hint = /path/to/export.csv or .xlsx
imp-export = Export
imp-choose = Choose a file and press Check file to see what would be imported.
imp-rows-ok = { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
} without problems: { $new } new, { $updates ->
    [one] { $updates } update
   *[other] { $updates } updates
}
imp-import-rows = Import { $rows } rows
imp-problems = { $count ->
    [one] { $count } problem
   *[other] { $count } problems
}: nothing will be imported until the file is corrected.
imp-line-or-cell = Line or cell
imp-column = Column
imp-problem = Problem
imp-rows = Rows
imp-line = Line
imp-action = Action
imp-new = new
imp-update = update
imp-msg-correct = The file is correct: check the rows, then press Import.
imp-msg-problems = The file has { $count ->
    [one] { $count } problem
   *[other] { $count } problems
}; nothing was imported.
imp-msg-cannot-check = Cannot check the file: { $error }
imp-msg-done = Import done: { $summary }.
imp-msg-not-done = Import not done: { $error }
imp-msg-export-not-done = Export not done: { $error }
imp-checking = Checking { $path }
imp-importing = Importing { $rows } rows
imp-exporting = Exporting to { $path }
imp-exported = Exported { $count } delegates to { $path }.
imp-rows-ok-merge = { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
} without problems: { $new } new, { $changing } changing, { $unchanged } unchanged
imp-changes = Changes
imp-conflict = conflict
imp-unchanged = unchanged
