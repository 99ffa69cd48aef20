menu-file = Файл
menu-view = Вид
menu-go = Переход
menu-language = Язык
action-search = Поиск делегатов
action-print-selection = Печать выбранных пропусков
action-import = Импорт заявок…
action-door-full-screen = Вход во весь экран
action-toggle-theme = Светлая / тёмная тема
action-order-english = Протокольный порядок: английский
action-order-french = Протокольный порядок: французский
action-reload = Перечитать из базы данных
action-quit = Выход

screen-registry = Реестр
screen-delegates = Делегаты
screen-import = Импорт
screen-badges = Пропуска
screen-door = Вход
screen-dashboard = Сводка
screen-records = Архив
screen-design = Макет пропуска
screen-event = Мероприятие
screen-participants = Участники
screen-stations = Посты

app-door-mode-locked = РЕЖИМ ПОСТА: редактирование заблокировано
app-local-time-hint = Всё время в программе — местное время мероприятия.
app-loading-delegates = Загрузка делегатов…
app-ready = Готово
app-in-memory = в памяти
app-delegates-count = { $count ->
    [one] { $count } делегат
    [few] { $count } делегата
   *[many] { $count } делегатов
} · { $db }
app-no-sync = Нет синхронизации с узлом: { $error }
app-language-set = Язык: { $language }

app-zone-event = Мероприятие
app-zone-label = Время: { $place } ({ $offset })

net-single-station = Отдельный пост (без узла)
net-hub-connected = Узел подключён
net-hub-offline = Узел недоступен с { $since }
net-hub-connecting = Узел: подключение…
net-network = Сеть
net-hub = Узел
net-waiting = Ожидают отправки
net-last-sync = Последняя синхронизация
net-never = никогда
net-refused = Отклонённые записи
net-stations-known = Известные посты: { $count }
net-last-heard = последняя связь { $at }
status-pending = на рассмотрении
status-accredited = аккредитован
status-rejected = отклонён
status-withdrawn = отозван
app-script-not-covered = (письменность не поддерживается встроенными шрифтами)
app-photo-alt = Фото делегата
app-no-photo = нет фото
app-door-mode-pin-opens = Включён режим поста: это открывает PIN-код старшего смены.
app-door-mode-edit = Включён режим поста: чтобы редактировать, выйдите из режима поста с PIN-кодом.
app-reloaded = Перечитано из базы данных.
app-delegates-unreadable = Не удалось прочитать делегатов: { $error }
app-cancelling = отмена…
app-busy = Ещё выполняется другая работа; дождитесь её или отмените.
app-in-memory-slow = Эта база данных в памяти; для долгой работы нужен файл базы данных.
app-opening = Открывается { $path }
app-sending = Отправка { $path } на { $printer }…
app-type-to-filter = Введите для фильтра
app-filter-hint = код или название, по-английски или по-французски
app-no-delegation-matches = Нет подходящих делегаций.
net-hub-auth-refused = Хаб отклоняет вход этой станции с { $since }
net-hub-event-refused = Хаб отклоняет эту станцию (другое мероприятие) с { $since }
net-station-refused =  — ОТКЛОНЕНА: { $why }
net-station-uncertified =  — нет сертификата на хабе
net-advice = Что делать: { $advice }
net-oversize = Пропущено слишком больших элементов: { $count }
net-close-title = Закрыть стойку?
net-close-warning = От этой стойки зависят станции на входах. Пока приложение стойки закрыто, перевыпуски, отзывы и другие аннулирования не доходят до входов, пока оно снова не запущено (или пока `accredit sync` не работает с базой этой стойки, например как служба). Сканирование на входах продолжается.
net-close-keep = Оставить стойку открытой
net-close-anyway = Всё равно закрыть
app-zone-event-time = Время мероприятия ({ $offset })
menu-help = Справка
menu-getting-started = Начало работы…
