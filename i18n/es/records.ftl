records-reminder =
    El evento terminó el { $ended }; su plazo de conservación de { $days } días venció el { $due }: elimine los datos personales de { $people ->
        [one] { $people } persona
       *[other] { $people } personas
    } (pantalla Archivo: Eliminar los datos personales…).
rec-backups = Copias de seguridad
rec-backups-explained = Una copia de seguridad es una copia coherente de la base de datos, hecha mientras el mostrador y las entradas siguen trabajando; se comprueba tras escribirla y nunca sustituye un archivo.
rec-folder = Carpeta de copias
rec-folder-hint = vacío: una carpeta 'backups' junto a la base de datos
rec-every = Cada (minutos)
rec-keep = Conservar las últimas
rec-auto = Copias automáticas
rec-save-settings = Guardar los ajustes de copia
rec-backup-now = Copiar ahora
rec-next = Próxima copia automática dentro de unos { $minutes } min.
rec-restore-title = Restaurar desde una copia
rec-restore-explained = Sustituir esta base de datos por una copia del mismo evento; la actual se conserva como copia al lado.
rec-backup-file = Archivo de copia
rec-backup-file-hint = ruta de una copia (.sqlite3)
rec-restore-button = Restaurar…
rec-now = ahora { $delegates } delegados y { $entries } entradas de auditoría
rec-no-db = aún no hay base de datos
rec-restore-question = ¿Restaurar { $path } del evento { $event } ({ $delegates } delegados, { $entries } entradas de auditoría) sobre esta base de datos ({ $current })?
rec-restore = Restaurar
rec-audit = Registro de auditoría
rec-audit-explained = Cada cambio está enlazado con el anterior por un hash SHA-256; anote la cabeza o fírmela.
rec-head = Cabeza:
rec-no-entries = ninguna (sin entradas)
rec-verify = Verificar la cadena de auditoría
rec-personal-data = Datos personales
rec-door-copy = Esta es una copia de un puesto de entrada: una vez fusionados sus escaneos en el mostrador, borre el archivo.
rec-purge-explained = Después del evento: eliminar nombres, correos, cargos, fotos, notas de atención e id externos de cada delegado. Los recuentos por delegación, categoría, día y hora se conservan, y también el registro de auditoría (sus valores pasan a ser hashes).
rec-purge-button = Eliminar los datos personales…
rec-backups-too = Las copias hechas antes aún contienen datos personales: bórrelas también.
rec-type-code = Escriba el código del evento ({ $code }) para confirmar
rec-purge = Eliminar los datos personales
