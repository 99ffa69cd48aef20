records-reminder =
    Die Veranstaltung endete am { $ended }; ihre Aufbewahrungsfrist von { $days } Tagen ist seit dem { $due } abgelaufen: die personenbezogenen Daten von { $people ->
        [one] { $people } Person
       *[other] { $people } Personen
    } löschen (Bildschirm Akten: Personenbezogene Daten löschen…).
