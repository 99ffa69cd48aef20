menu-file = Fichier
menu-view = Affichage
menu-go = Aller à
menu-language = Langue
action-search = Rechercher des délégués
action-print-selection = Imprimer les badges sélectionnés
action-import = Importer un CSV…
action-door-full-screen = Entrée en plein écran
action-toggle-theme = Thème clair / sombre
action-order-english = Ordre protocolaire : anglais
action-order-french = Ordre protocolaire : français
action-reload = Recharger depuis la base
action-quit = Quitter

screen-registry = Registre
screen-delegates = Délégués
screen-import = Importation
screen-badges = Badges
screen-door = Entrée
screen-dashboard = Tableau de bord
screen-records = Archives
screen-design = Maquette du badge
screen-event = Événement
screen-participants = Participants
screen-stations = Postes

app-door-mode-locked = MODE PORTE : modification verrouillée
app-local-time-hint = Toutes les heures affichées sont l'heure locale de l'événement.
app-loading-delegates = Chargement des délégués…
app-ready = Prêt
app-in-memory = en mémoire
app-delegates-count = { $count ->
    [one] { $count } délégué
   *[other] { $count } délégués
} · { $db }
app-no-sync = Pas de synchronisation avec le concentrateur : { $error }
app-language-set = Langue : { $language }

app-zone-event = Événement
app-zone-label = Heure de { $place } ({ $offset })

net-single-station = Poste isolé (sans concentrateur)
net-hub-connected = Concentrateur connecté
net-hub-offline = Concentrateur hors ligne depuis { $since }
net-hub-connecting = Concentrateur : connexion…
net-network = Réseau
net-hub = Concentrateur
net-waiting = En attente d'envoi
net-last-sync = Dernière synchronisation
net-never = jamais
net-refused = Éléments refusés
net-stations-known = Postes connus : { $count }
net-last-heard = dernier contact { $at }
status-pending = en attente
status-accredited = accrédité
status-rejected = refusé
status-withdrawn = retiré
app-script-not-covered = (écriture non couverte par les polices fournies)
app-photo-alt = Photo du délégué
app-no-photo = pas de photo
app-door-mode-pin-opens = Le mode porte est activé : le code PIN du superviseur ouvre ceci.
app-door-mode-edit = Le mode porte est activé : quittez le mode porte avec le code PIN pour modifier.
app-reloaded = Rechargé depuis la base.
app-delegates-unreadable = Impossible de lire les délégués : { $error }
app-cancelling = annulation…
app-busy = Un autre travail est en cours ; attendez-le ou annulez-le.
app-in-memory-slow = Cette base est en mémoire ; un travail long exige un fichier de base.
app-opening = Ouverture de { $path }
app-sending = Envoi de { $path } à { $printer }…
app-type-to-filter = Tapez pour filtrer
app-filter-hint = code ou nom, anglais ou français
app-no-delegation-matches = Aucune délégation ne correspond.
