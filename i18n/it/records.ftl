records-reminder =
    L'evento è terminato il { $ended }; il periodo di conservazione di { $days } giorni è scaduto dal { $due }: elimina i dati personali di { $people ->
        [one] { $people } persona
       *[other] { $people } persone
    } (schermata Archivio: Elimina i dati personali…).
