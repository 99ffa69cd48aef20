menu-file = Archivo
menu-view = Ver
menu-go = Ir a
menu-language = Idioma
action-search = Buscar delegados
action-print-selection = Imprimir las acreditaciones seleccionadas
action-import = Importar CSV…
action-door-full-screen = Entrada a pantalla completa
action-toggle-theme = Tema claro / oscuro
action-order-english = Orden protocolario: inglés
action-order-french = Orden protocolario: francés
action-reload = Recargar desde la base de datos
action-quit = Salir

screen-registry = Registro
screen-delegates = Delegados
screen-import = Importación
screen-badges = Acreditaciones
screen-door = Entrada
screen-dashboard = Panel
screen-records = Archivo
screen-design = Diseño de la acreditación
screen-event = Evento
screen-participants = Participantes
screen-stations = Puestos

app-door-mode-locked = MODO PUERTA: edición bloqueada
app-local-time-hint = Todas las horas que muestra la aplicación son la hora local del evento.
app-loading-delegates = Cargando los delegados…
app-ready = Listo
app-in-memory = en memoria
app-delegates-count = { $count ->
    [one] { $count } delegado
   *[other] { $count } delegados
} · { $db }
app-no-sync = Sin sincronización con el nodo central: { $error }
app-language-set = Idioma: { $language }

app-zone-event = Evento
app-zone-label = Hora de { $place } ({ $offset })

net-single-station = Puesto aislado (sin nodo central)
net-hub-connected = Nodo central conectado
net-hub-offline = Nodo central desconectado desde { $since }
net-hub-connecting = Nodo central: conectando…
net-network = Red
net-hub = Nodo central
net-waiting = Pendientes de envío
net-last-sync = Última sincronización
net-never = nunca
net-refused = Elementos rechazados
net-stations-known = Puestos conocidos: { $count }
net-last-heard = último contacto { $at }
status-pending = pendiente
status-accredited = acreditado
status-rejected = rechazado
status-withdrawn = retirado
app-script-not-covered = (escritura no cubierta por las fuentes incluidas)
app-photo-alt = Foto del delegado
app-no-photo = sin foto
app-door-mode-pin-opens = El modo puerta está activo: el PIN del supervisor abre esto.
app-door-mode-edit = El modo puerta está activo: salga del modo puerta con el PIN para editar.
app-reloaded = Recargado desde la base de datos.
app-delegates-unreadable = No se pudieron leer los delegados: { $error }
app-cancelling = cancelando…
app-busy = Otro trabajo sigue en curso; espérelo o cancélelo.
app-in-memory-slow = Esta base de datos está en memoria; un trabajo largo necesita un archivo de base de datos.
app-opening = Abriendo { $path }
app-sending = Enviando { $path } a { $printer }…
app-type-to-filter = Escriba para filtrar
app-filter-hint = código o nombre, en inglés o francés
app-no-delegation-matches = Ninguna delegación coincide.
