records-reminder =
    El evento terminó el { $ended }; su plazo de conservación de { $days } días venció el { $due }: elimine los datos personales de { $people ->
        [one] { $people } persona
       *[other] { $people } personas
    } (pantalla Archivo: Eliminar los datos personales…).
