reg-protocol-order = Протокольный порядок:
reg-only-with-delegates = Только делегации с делегатами
reg-code = Код
reg-delegation = Делегация
reg-nominated = Заявлено
reg-accredited = Аккредитовано
reg-printed = Напечатано
reg-checked-in = Прошли
reg-total = Итого
reg-select-delegation = Выберите делегацию, чтобы увидеть её делегатов.
reg-delegates-count =
    { $count ->
        [one] { $count } делегат
        [few] { $count } делегата
       *[many] { $count } делегатов
    }
reg-open-in-delegates = Открыть в «Делегатах»
reg-name = Имя
reg-category = Категория
reg-status = Статус
