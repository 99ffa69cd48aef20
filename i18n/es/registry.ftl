reg-protocol-order = Orden protocolario:
reg-only-with-delegates = Solo delegaciones con delegados
reg-code = Código
reg-delegation = Delegación
reg-nominated = Propuestos
reg-accredited = Acreditados
reg-printed = Impresos
reg-checked-in = Han entrado
reg-total = Total
reg-select-delegation = Elija una delegación para ver sus delegados.
reg-delegates-count =
    { $count ->
        [one] { $count } delegado
       *[other] { $count } delegados
    }
reg-open-in-delegates = Abrir en Delegados
reg-name = Nombre
reg-category = Categoría
reg-status = Estado
