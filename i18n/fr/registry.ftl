reg-protocol-order = Ordre protocolaire :
reg-only-with-delegates = Seulement les délégations avec des délégués
reg-code = Code
reg-delegation = Délégation
reg-nominated = Désignés
reg-accredited = Accrédités
reg-printed = Imprimés
reg-checked-in = Entrés
reg-total = Total
reg-select-delegation = Choisissez une délégation pour voir ses délégués.
reg-delegates-count =
    { $count ->
        [one] { $count } délégué
       *[other] { $count } délégués
    }
reg-open-in-delegates = Ouvrir dans Délégués
reg-name = Nom
reg-category = Catégorie
reg-status = Statut
