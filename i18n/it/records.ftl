records-reminder =
    L'evento è terminato il { $ended }; il periodo di conservazione di { $days } giorni è scaduto dal { $due }: elimina i dati personali di { $people ->
        [one] { $people } persona
       *[other] { $people } persone
    } (schermata Archivio: Elimina i dati personali…).
rec-backups = Backup
rec-backups-explained = Un backup è una copia coerente della base dati, fatta mentre lo sportello e gli ingressi continuano a lavorare; è controllato dopo la scrittura e non sostituisce mai un file.
rec-folder = Cartella dei backup
rec-folder-hint = vuoto: una cartella 'backups' accanto alla base dati
rec-every = Ogni (minuti)
rec-keep = Conserva gli ultimi
rec-auto = Backup automatici
rec-save-settings = Salva le impostazioni di backup
rec-backup-now = Esegui il backup ora
rec-next = Prossimo backup automatico tra circa { $minutes } min.
rec-restore-title = Ripristina da un backup
rec-restore-explained = Sostituisci questa base dati con un backup dello stesso evento; quella attuale resta come copia accanto.
rec-backup-file = File di backup
rec-backup-file-hint = percorso di un backup (.sqlite3)
rec-restore-button = Ripristina…
rec-now = ora { $delegates } delegati e { $entries } voci di verifica
rec-no-db = ancora nessuna base dati
rec-restore-question = Ripristinare { $path } dell'evento { $event } ({ $delegates } delegati, { $entries } voci di verifica) su questa base dati ({ $current })?
rec-restore = Ripristina
rec-audit = Traccia di verifica
rec-audit-explained = Ogni modifica è legata alla precedente da un hash SHA-256; annota la testa o firmala.
rec-head = Testa:
rec-no-entries = nessuna (nessuna voce)
rec-verify = Verifica la catena di verifica
rec-personal-data = Dati personali
rec-door-copy = Questa è una copia di postazione d'ingresso: una volta unite le sue scansioni allo sportello, elimina il file.
rec-purge-explained = Dopo l'evento: rimuovi nomi, e-mail, funzioni, foto, note di attenzione e id esterni di ogni delegato. I conteggi per delegazione, categoria, giorno e ora restano, e così la traccia di verifica (i suoi valori diventano hash).
rec-purge-button = Elimina i dati personali…
rec-backups-too = I backup fatti prima contengono ancora dati personali: eliminali anche.
rec-type-code = Digita il codice dell'evento ({ $code }) per confermare
rec-purge = Elimina i dati personali
