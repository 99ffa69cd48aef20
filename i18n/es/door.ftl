# La entrada: campo de escaneo, veredicto, panel lateral, diálogos, mensajes.

door-entry = ENTRADA
door-exit = SALIDA
door-zone = { $zone }
door-at-zone = zona { $zone }
door-at-entrance = entrada principal
door-scan-badge = Escanear acreditación
door-scan-hint = escanee una acreditación, o escriba su código y pulse Intro
door-rehearsal-clock = Reloj de ensayo: los escaneos se registran a las { $time }
door-ready = Listo: escanee una acreditación
door-verdict-line = { $code } · N.º { $seq } · { $time } · { $station }
door-attention = ATENCIÓN: { $text }
door-not-in-registry = Persona ausente del registro de este puesto
door-admit-override = Admitir por excepción…
door-badge-number = acreditación { $serial }
door-status-id = { $status } · id { $id }

door-override-title = Admitir por excepción
door-override-question = ¿Admitir a { $who }? El motivo y su nombre quedan registrados.
door-reason = Motivo
door-admit = Admitir
door-cancel = Cancelar
door-annul-title = Anular un escaneo
door-annul-question = ¿Anular { $what }? Deja de contar: el próximo escaneo de la acreditación se juzga como si no hubiera ocurrido. El motivo y su nombre quedan registrados; no se borra nada.
door-annul-reason = Motivo de la anulación
door-annul-scan = Anular escaneo

door-supervisor = Supervisor
door-close-supervisor = Cerrar las herramientas del supervisor
door-today = Hoy { $day }
door-inside-now = Dentro ahora
door-people-admitted = Personas admitidas
door-admissions = Admisiones
door-exits = Salidas
door-refusals = Rechazos
door-scans = Escaneos
door-inside-per-zone = Dentro por zona: { $zones }
door-entrance = Entrada principal
door-mode = Modo puerta
door-pin-explained = El PIN del supervisor abre la búsqueda, la excepción y la anulación, o sale del modo puerta.
door-pin = PIN
door-leave-mode = Salir del modo puerta
door-this-station = Este puesto
door-direction = Sentido
door-direction-entry = Entrada
door-direction-exit = Salida
door-zone-guarded = Zona controlada
door-no-zone = entrada principal (sin zona)
door-who-is-inside = Quién está dentro
door-evacuation-roll = Lista de evacuación (PDF)
door-last-scans = Últimos escaneos
door-annul = Anular…
door-annulled = anulado
door-forgotten-badge = Acreditación olvidada
door-find-by-name = Buscar por nombre
door-admit-candidate = Admitir…
door-settings = Ajustes de la entrada
door-language = Idioma de la entrada
door-language-desk = Igual que el mostrador
door-verdict-seconds = Veredicto visible durante (s)
door-scanner-pause = Escáner: pausa más larga (ms)
door-scanner-prefix = Prefijo del escáner
door-sound = Sonido por veredicto
door-no-sound = No se encontró reproductor de sonido (paplay, pw-play, aplay): en silencio.
door-new-pin = Nuevo PIN
door-set-pin = Fijar PIN
door-enter-mode = Activar el modo puerta
door-mode-explained = El modo puerta es un quiosco: pantalla completa, solo escaneos, veredictos y contadores del día, hasta que se introduzca el PIN; vuelve tras un reinicio.
door-reading-log = Leyendo el registro de escaneos…
door-people-inside = { $count ->
    [one] { $count } persona dentro a las { $time }
   *[other] { $count } personas dentro a las { $time }
}
door-not-in-this-registry = No está en este registro

door-msg-supervisor-open = Herramientas del supervisor abiertas. Ciérrelas al terminar.
door-msg-wrong-pin = PIN incorrecto.
door-msg-pin-unreadable = No se pudo leer el PIN: { $error }
door-msg-pin-set = PIN de la entrada fijado.
door-msg-cannot-enter = No se pudo activar el modo puerta: { $error }
door-msg-mode-on = Modo puerta activado. La edición queda bloqueada hasta que se introduzca el PIN.
door-msg-set-pin-first = Fije primero un PIN (pantalla Entrada, en el mostrador).
door-msg-cannot-leave = No se pudo salir del modo puerta: { $error }
door-msg-mode-off = Modo puerta desactivado.
door-msg-wrong-pin-stays = PIN incorrecto. El modo puerta sigue activo.
door-msg-cannot-start = La entrada no puede arrancar: { $error }
door-msg-not-recorded = El escaneo no se registró: { $error }
door-msg-not-admitted = No admitido: { $error }
door-msg-db-unreadable = No se pudo leer la base de datos: { $error }
door-msg-annulled = Anulado: { $detail }
door-msg-not-annulled = No anulado: { $error }
door-msg-log-unreadable = No se puede leer el registro de escaneos: { $error }
door-msg-roll-written = Lista de evacuación: { $count ->
    [one] { $count } persona dentro
   *[other] { $count } personas dentro
}, guardada en { $path }.
door-msg-roll-failed = La lista de evacuación no se escribió: { $error }
door-msg-quit-locked = El modo puerta está activo: salga del modo puerta con el PIN para cerrar.
door-msg-checkpoint-failed = Falló el punto de control del registro de escaneos (los escaneos se siguen registrando): { $error }
