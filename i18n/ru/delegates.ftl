del-search = Поиск
del-search-hint = имя, делегация, id… (Ctrl+F)
del-clear-search = Очистить поиск
del-all = все
del-clear-filters = Сбросить фильтры
del-shown-of = { $shown } из { $count } делегатов
del-ticked =
    { $count ->
        [one] отмечен { $count }
       *[other] отмечено { $count }
    }
del-tick-all = Отметить всех показанных
del-untick-all = Снять все отметки
del-new = Новый делегат
del-any = любые
del-yes = да
del-no = нет
del-native-name = Имя на родном языке
del-in = Внутри
del-external-id = Внешний id
del-tick-for-printing = Отметить для печати
del-unsaved-new = Новый делегат
del-unsaved-who = Делегат { $id } ({ $name })
del-unsaved-title = Несохранённые изменения
del-unsaved-text = { $who }: есть несохранённые изменения.
del-unsaved-red = Некоторые поля отмечены красным: исправьте их, чтобы сохранить.
del-save-changes = Сохранить изменения
del-correct-first = Сначала исправьте поля, отмеченные красным.
del-discard = Отменить изменения
del-stay = Остаться
del-msg-cannot-open = Не удалось открыть делегата { $id }: { $error }
del-msg-saved = Сохранено: { $name }.
del-msg-not-saved = Не сохранено: { $error }
del-msg-status-failed = Не удалось изменить статус: { $error }
del-msg-status-now = { $name } (делегат { $id }): теперь { $status }.
del-vetting = Проверка безопасности
del-filter-all = все
vetting-waiting = ожидает проверки
vetting-cleared = допущен
vetting-refused = отклонён
del-nominations = { $delegation }: выдвинуто { $nominated }, аккредитовано { $accredited }
del-quota = квота { $quota }
del-no-quota = без квоты
del-conflicts-filter = Конфликты ({ $count })
del-conflicts-filter-hint = Только делегаты, у которых поле по-разному изменили две стойки (или повторный импорт)
