menu-file = File
menu-view = Visualizza
menu-go = Vai a
menu-language = Lingua
action-search = Cerca delegati
action-print-selection = Stampa i badge selezionati
action-import = Importa CSV…
action-door-full-screen = Ingresso a schermo intero
action-toggle-theme = Tema chiaro / scuro
action-order-english = Ordine protocollare: inglese
action-order-french = Ordine protocollare: francese
action-reload = Ricarica dalla base dati
action-quit = Esci

screen-registry = Registro
screen-delegates = Delegati
screen-import = Importazione
screen-badges = Badge
screen-door = Ingresso
screen-dashboard = Cruscotto
screen-records = Archivio
screen-design = Grafica del badge
screen-event = Evento
screen-participants = Partecipanti
screen-stations = Postazioni

app-door-mode-locked = MODALITÀ PORTA: modifica bloccata
app-local-time-hint = Ogni orario mostrato è l'ora locale dell'evento.
app-loading-delegates = Caricamento dei delegati…
app-ready = Pronto
app-in-memory = in memoria
app-delegates-count = { $count ->
    [one] { $count } delegato
   *[other] { $count } delegati
} · { $db }
app-no-sync = Nessuna sincronizzazione con il nodo centrale: { $error }
app-language-set = Lingua: { $language }

app-zone-event = Evento
app-zone-label = Ora di { $place } ({ $offset })

net-single-station = Postazione singola (nessun nodo centrale)
net-hub-connected = Nodo centrale connesso
net-hub-offline = Nodo centrale non raggiungibile dal { $since }
net-hub-connecting = Nodo centrale: connessione…
net-network = Rete
net-hub = Nodo centrale
net-waiting = In attesa di invio
net-last-sync = Ultima sincronizzazione
net-never = mai
net-refused = Elementi rifiutati
net-stations-known = Postazioni note: { $count }
net-last-heard = ultimo contatto { $at }
status-pending = in attesa
status-accredited = accreditato
status-rejected = respinto
status-withdrawn = ritirato
app-script-not-covered = (scrittura non coperta dai caratteri inclusi)
app-photo-alt = Foto del delegato
app-no-photo = nessuna foto
app-door-mode-pin-opens = La modalità porta è attiva: il PIN del supervisore apre questa funzione.
app-door-mode-edit = La modalità porta è attiva: esci dalla modalità porta con il PIN per modificare.
app-reloaded = Ricaricato dalla base dati.
app-delegates-unreadable = Impossibile leggere i delegati: { $error }
app-cancelling = annullamento…
app-busy = Un altro lavoro è ancora in corso; attendilo o annullalo.
app-in-memory-slow = Questa base dati è in memoria; un lavoro lungo richiede un file di base dati.
app-opening = Apertura di { $path }
app-sending = Invio di { $path } a { $printer }…
app-type-to-filter = Digita per filtrare
app-filter-hint = codice o nome, in inglese o francese
app-no-delegation-matches = Nessuna delegazione corrisponde.
