imp-title = Импорт делегатов из CSV или Excel
imp-columns = Столбцы: external_id, delegation, title, given_name, family_name, native_name, function, category, email, days, zones, photo (в первой строке первого листа книги: .xlsx, .xls или .ods). Ничего не записывается, пока вы не нажмёте «Импортировать».
imp-drop = Отпустите файл, чтобы проверить его
imp-file = Файл CSV или Excel
imp-file-hint = /путь/к/nominations.xlsx или .csv, или перетащите файл сюда
imp-browse = Обзор…
imp-check = Проверить файл
imp-no-dialog = Диалог выбора файла не ответил (на этом компьютере его может не быть): введите путь к файлу в поле выше и нажмите Enter или перетащите файл в окно.
imp-export-to = Экспортировать всех делегатов в
imp-export-hint = /путь/к/export.csv или .xlsx
imp-export = Экспортировать
imp-choose = Выберите файл и нажмите «Проверить файл», чтобы увидеть, что будет импортировано.
imp-rows-ok = Строк без проблем: { $rows }; новых: { $new }, обновлений: { $updates }
imp-import-rows = Импортировать строки: { $rows }
imp-problems = Проблем: { $count }; ничего не будет импортировано, пока файл не исправлен.
imp-line-or-cell = Строка или ячейка
imp-column = Столбец
imp-problem = Проблема
imp-rows = Строки
imp-line = Строка
imp-action = Действие
imp-new = новый
imp-update = обновление
imp-msg-correct = Файл корректен: проверьте строки, затем нажмите «Импортировать».
imp-msg-problems = В файле проблем: { $count }; ничего не импортировано.
imp-msg-cannot-check = Не удаётся проверить файл: { $error }
imp-msg-done = Импорт выполнен: { $summary }.
imp-msg-not-done = Импорт не выполнен: { $error }
imp-msg-export-not-done = Экспорт не выполнен: { $error }
imp-checking = Проверка { $path }
imp-importing = Импорт строк: { $rows }
imp-exporting = Экспорт в { $path }
imp-exported = Экспортировано делегатов: { $count }, в { $path }.
imp-rows-ok-merge = { $rows ->
    [one] { $rows } строка
    [few] { $rows } строки
   *[other] { $rows } строк
} без ошибок: новых { $new }, изменяемых { $changing }, без изменений { $unchanged }
imp-changes = Изменения
imp-conflict = конфликт
imp-unchanged = без изменений
