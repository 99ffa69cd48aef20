records-reminder =
    L'événement s'est terminé le { $ended } ; sa durée de conservation de { $days } jours est écoulée depuis le { $due } : purgez les données personnelles de { $people ->
        [one] { $people } personne
       *[other] { $people } personnes
    } (écran Archives : Purger les données personnelles…).
