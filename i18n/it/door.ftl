# L'ingresso: campo di scansione, esito, pannello laterale, finestre, messaggi.

door-entry = INGRESSO
door-exit = USCITA
door-zone = { $zone }
door-at-zone = zona { $zone }
door-at-entrance = ingresso principale
door-scan-badge = Scansiona il badge
door-scan-hint = scansiona un badge, oppure digita il suo codice e premi Invio
door-rehearsal-clock = Orologio di prova: le scansioni sono registrate alle { $time }
door-ready = Pronto: scansiona un badge
door-verdict-line = { $code } · N. { $seq } · { $time } · { $station }
door-attention = ATTENZIONE: { $text }
door-not-in-registry = Persona assente dal registro di questa postazione
door-admit-override = Ammetti in deroga…
door-badge-number = badge { $serial }
door-status-id = { $status } · id { $id }

door-override-title = Ammetti in deroga
door-override-question = Ammettere { $who }? Il motivo e il tuo nome vengono registrati.
door-reason = Motivo
door-admit = Ammetti
door-cancel = Annulla
door-annul-title = Annulla una scansione
door-annul-question = Annullare { $what }? Non conta più: la prossima scansione del badge è giudicata come se non fosse avvenuta. Il motivo e il tuo nome vengono registrati; nulla viene cancellato.
door-annul-reason = Motivo dell'annullamento
door-annul-scan = Annulla la scansione

door-supervisor = Supervisore
door-close-supervisor = Chiudi gli strumenti del supervisore
door-today = Oggi { $day }
door-inside-now = Presenti ora
door-people-admitted = Persone ammesse
door-admissions = Ammissioni
door-exits = Uscite
door-refusals = Rifiuti
door-scans = Scansioni
door-inside-per-zone = Presenti per zona: { $zones }
door-entrance = Ingresso principale
door-mode = Modalità porta
door-pin-explained = Il PIN del supervisore apre la ricerca, la deroga e l'annullamento, oppure esce dalla modalità porta.
door-pin = PIN
door-leave-mode = Esci dalla modalità porta
door-this-station = Questa postazione
door-direction = Direzione
door-direction-entry = Ingresso
door-direction-exit = Uscita
door-zone-guarded = Zona sorvegliata
door-no-zone = ingresso principale (nessuna zona)
door-who-is-inside = Chi è presente
door-evacuation-roll = Elenco di evacuazione (PDF)
door-last-scans = Ultime scansioni
door-annul = Annulla…
door-annulled = annullata
door-forgotten-badge = Badge dimenticato
door-find-by-name = Cerca per nome
door-admit-candidate = Ammetti…
door-settings = Impostazioni dell'ingresso
door-language = Lingua dell'ingresso
door-language-desk = Come lo sportello
door-verdict-seconds = Esito visibile per (s)
door-scanner-pause = Lettore: pausa più lunga (ms)
door-scanner-prefix = Prefisso del lettore
door-sound = Suono per ogni esito
door-no-sound = Nessun lettore audio (paplay, pw-play, aplay) trovato: silenzioso.
door-new-pin = Nuovo PIN
door-set-pin = Imposta il PIN
door-enter-mode = Attiva la modalità porta
door-mode-explained = La modalità porta è un chiosco: schermo intero, solo scansioni, esiti e contatori di oggi, finché non si inserisce il PIN; torna dopo un riavvio.
door-reading-log = Lettura del registro delle scansioni…
door-people-inside = { $count ->
    [one] { $count } persona presente alle { $time }
   *[other] { $count } persone presenti alle { $time }
}
door-not-in-this-registry = Non presente in questo registro

door-msg-supervisor-open = Strumenti del supervisore aperti. Chiudili al termine.
door-msg-wrong-pin = PIN errato.
door-msg-pin-unreadable = Impossibile leggere il PIN: { $error }
door-msg-pin-set = PIN dell'ingresso impostato.
door-msg-cannot-enter = Impossibile attivare la modalità porta: { $error }
door-msg-mode-on = Modalità porta attiva. La modifica è bloccata finché non si inserisce il PIN.
door-msg-set-pin-first = Imposta prima un PIN (schermata Ingresso, allo sportello).
door-msg-cannot-leave = Impossibile uscire dalla modalità porta: { $error }
door-msg-mode-off = Modalità porta disattivata.
door-msg-wrong-pin-stays = PIN errato. La modalità porta resta attiva.
door-msg-cannot-start = L'ingresso non può avviarsi: { $error }
door-msg-not-recorded = La scansione non è stata registrata: { $error }
door-msg-not-admitted = Non ammesso: { $error }
door-msg-db-unreadable = Impossibile leggere la base dati: { $error }
door-msg-annulled = Annullata: { $detail }
door-msg-not-annulled = Non annullata: { $error }
door-msg-log-unreadable = Impossibile leggere il registro delle scansioni: { $error }
door-msg-roll-written = Elenco di evacuazione: { $count ->
    [one] { $count } persona presente
   *[other] { $count } persone presenti
}, salvato in { $path }.
door-msg-roll-failed = L'elenco di evacuazione non è stato scritto: { $error }
door-msg-quit-locked = La modalità porta è attiva: esci dalla modalità porta con il PIN per chiudere.
door-msg-checkpoint-failed = Punto di controllo del registro delle scansioni non riuscito (le scansioni sono comunque registrate): { $error }
