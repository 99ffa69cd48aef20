# Вход: поле сканирования, решение, боковая панель, диалоги, сообщения.

door-entry = ВХОД
door-exit = ВЫХОД
door-zone = { $zone }
door-at-zone = зона { $zone }
door-at-entrance = главный вход
door-scan-badge = Сканировать пропуск
door-scan-hint = отсканируйте пропуск или введите его код и нажмите Enter
door-rehearsal-clock = Учебные часы: сканирования записываются на { $time }
door-ready = Готово: сканируйте пропуск
door-verdict-line = № { $seq } · { $time } · { $station }
door-attention = ВНИМАНИЕ: { $text }
door-not-in-registry = Человека нет в реестре этого поста
door-admit-override = Пропустить в порядке исключения…
door-badge-number = пропуск { $serial }
door-status-id = { $status } · id { $id }

door-override-title = Пропустить в порядке исключения
door-override-question = Пропустить: { $who }? Причина и ваше имя записываются в журнал.
door-reason = Причина
door-admit = Пропустить
door-cancel = Отмена
door-annul-title = Аннулировать сканирование
door-annul-question = Аннулировать { $what }? Оно больше не учитывается: следующее сканирование пропуска оценивается так, как будто этого не было. Причина и ваше имя записываются в журнал; ничего не удаляется.
door-annul-reason = Причина аннулирования
door-annul-scan = Аннулировать

door-supervisor = Старший смены
door-close-supervisor = Закрыть инструменты старшего
door-today = Сегодня { $day }
door-inside-now = Сейчас внутри
door-people-admitted = Пропущено человек
door-admissions = Проходы
door-exits = Выходы
door-refusals = Отказы
door-scans = Сканирования
door-inside-per-zone = Внутри по зонам: { $zones }
door-entrance = Главный вход
door-mode = Режим поста
door-pin-explained = PIN-код старшего открывает поиск, исключения и аннулирование или выключает режим поста.
door-pin = PIN-код
door-leave-mode = Выйти из режима поста
door-this-station = Этот пост
door-direction = Направление
door-direction-entry = Вход
door-direction-exit = Выход
door-zone-guarded = Охраняемая зона
door-no-zone = главный вход (без зоны)
door-who-is-inside = Кто внутри
door-evacuation-roll = Список для эвакуации (PDF)
door-last-scans = Последние сканирования
door-annul = Аннулировать…
door-annulled = аннулировано
door-forgotten-badge = Забытый пропуск
door-find-by-name = Найти по имени
door-admit-candidate = Пропустить…
door-settings = Настройки поста
door-language = Язык поста
door-language-desk = Как на стойке
door-verdict-seconds = Решение на экране (с)
door-scanner-pause = Сканер: наибольшая пауза (мс)
door-scanner-prefix = Префикс сканера
door-sound = Звук для каждого решения
door-no-sound = Проигрыватель звука (paplay, pw-play, aplay) не найден: без звука.
door-new-pin = Новый PIN-код
door-set-pin = Задать PIN-код
door-enter-mode = Включить режим поста
door-mode-explained = Режим поста — это киоск: полный экран, только сканирования, решения и сегодняшние счётчики, пока не введён PIN-код; после перезапуска он включается снова.
door-reading-log = Чтение журнала сканирований…
door-people-inside = { $count ->
    [one] { $count } человек внутри на { $time }
    [few] { $count } человека внутри на { $time }
   *[many] { $count } человек внутри на { $time }
}
door-not-in-this-registry = Нет в этом реестре

door-msg-supervisor-open = Инструменты старшего открыты. Закройте их по окончании.
door-msg-wrong-pin = Неверный PIN-код.
door-msg-pin-unreadable = Не удалось прочитать PIN-код: { $error }
door-msg-pin-set = PIN-код поста задан.
door-msg-cannot-enter = Не удалось включить режим поста: { $error }
door-msg-mode-on = Режим поста включён. Редактирование заблокировано до ввода PIN-кода.
door-msg-set-pin-first = Сначала задайте PIN-код (экран «Вход», на стойке).
door-msg-cannot-leave = Не удалось выйти из режима поста: { $error }
door-msg-mode-off = Режим поста выключен.
door-msg-wrong-pin-stays = Неверный PIN-код. Режим поста остаётся включённым.
door-msg-cannot-start = Пост не может начать работу: { $error }
door-msg-not-recorded = Сканирование не записано: { $error }
door-msg-not-admitted = Не пропущен: { $error }
door-msg-db-unreadable = Не удалось прочитать базу данных: { $error }
door-msg-annulled = Аннулировано: { $detail }
door-msg-not-annulled = Не аннулировано: { $error }
door-msg-log-unreadable = Не удаётся прочитать журнал сканирований: { $error }
door-msg-roll-written = Список для эвакуации: { $count ->
    [one] { $count } человек внутри
    [few] { $count } человека внутри
   *[many] { $count } человек внутри
}, записан в { $path }.
door-msg-roll-failed = Список для эвакуации не записан: { $error }
door-msg-quit-locked = Включён режим поста: чтобы закрыть программу, выйдите из режима поста с PIN-кодом.
door-msg-checkpoint-failed = Не удалось сохранить контрольную точку журнала сканирований (сканирования по-прежнему записываются): { $error }
door-msg-roll-in-memory = Эта база находится в памяти: некуда записать список.
door-msg-roll-writing = Запись списка для эвакуации…
door-station-name = Название
door-station-name-hint = например, Вход A
door-station-save-name = Сохранить название
door-withdrawn-warning = Аккредитация ОТОЗВАНА: бейдж на входе не принимается. Пропускать только по решению старшего.
door-rejected-warning = Аккредитация ОТКЛОНЕНА: бейдж не должен был выдаваться. Пропускать только по решению старшего.
door-pending-warning = Ещё не аккредитован (ожидает на стойке). Пропускать только по решению старшего.
scan-word-admitted = Пропущен
scan-word-re-entry = Повторный вход
scan-word-already-in = Уже внутри
scan-word-revoked = Отозван
scan-word-not-accredited = Не аккредитован
scan-word-not-today = Не сегодня
scan-word-zone-denied = Зона запрещена
scan-word-unregistered = Не зарегистрирован
scan-word-invalid = Недействителен
scan-word-override = Исключение
scan-word-exit = Выход
scan-word-annulled = Аннулирован
