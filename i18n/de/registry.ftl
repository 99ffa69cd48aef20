reg-protocol-order = Protokollreihenfolge:
reg-only-with-delegates = Nur Delegationen mit Delegierten
reg-code = Code
reg-delegation = Delegation
reg-nominated = Nominiert
reg-accredited = Akkreditiert
reg-printed = Gedruckt
reg-checked-in = Eingelassen
reg-total = Summe
reg-select-delegation = Eine Delegation wählen, um ihre Delegierten zu sehen.
reg-delegates-count =
    { $count ->
        [one] { $count } Delegierte(r)
       *[other] { $count } Delegierte
    }
reg-open-in-delegates = In Delegierte öffnen
reg-name = Name
reg-category = Kategorie
reg-status = Status
