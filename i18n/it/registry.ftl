reg-protocol-order = Ordine protocollare:
reg-only-with-delegates = Solo delegazioni con delegati
reg-code = Codice
reg-delegation = Delegazione
reg-nominated = Designati
reg-accredited = Accreditati
reg-printed = Stampati
reg-checked-in = Entrati
reg-total = Totale
reg-select-delegation = Scegli una delegazione per vederne i delegati.
reg-delegates-count =
    { $count ->
        [one] { $count } delegato
       *[other] { $count } delegati
    }
reg-open-in-delegates = Apri in Delegati
reg-name = Nome
reg-category = Categoria
reg-status = Stato
