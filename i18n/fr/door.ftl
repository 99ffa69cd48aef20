# L'entrée : champ de scan, verdict, panneau latéral, dialogues, messages.

door-entry = ENTRÉE
door-exit = SORTIE
door-zone = { $zone }
door-at-zone = zone { $zone }
door-at-entrance = entrée principale
door-scan-badge = Scanner le badge
door-scan-hint = scannez un badge, ou saisissez son code et appuyez sur Entrée
door-rehearsal-clock = Horloge de répétition : les scans sont enregistrés à { $time }
door-ready = Prêt : scannez un badge
door-verdict-line = { $code } · N° { $seq } · { $time } · { $station }
door-attention = ATTENTION : { $text }
door-not-in-registry = Personne absente du registre de ce poste
door-admit-override = Admettre par dérogation…
door-badge-number = badge { $serial }
door-status-id = { $status } · id { $id }

door-override-title = Admettre par dérogation
door-override-question = Admettre { $who } ? Le motif et votre nom sont consignés.
door-reason = Motif
door-admit = Admettre
door-cancel = Annuler
door-annul-title = Annuler un scan
door-annul-question = Annuler { $what } ? Il ne compte plus : le prochain scan du badge est jugé comme s'il n'avait pas eu lieu. Le motif et votre nom sont consignés ; rien n'est supprimé.
door-annul-reason = Motif de l'annulation
door-annul-scan = Annuler le scan

door-supervisor = Superviseur
door-close-supervisor = Fermer les outils du superviseur
door-today = Aujourd'hui { $day }
door-inside-now = Présents
door-people-admitted = Personnes admises
door-admissions = Admissions
door-exits = Sorties
door-refusals = Refus
door-scans = Scans
door-inside-per-zone = Présents par zone : { $zones }
door-entrance = Entrée principale
door-mode = Mode porte
door-pin-explained = Le code PIN du superviseur ouvre la recherche, la dérogation et l'annulation, ou quitte le mode porte.
door-pin = Code PIN
door-leave-mode = Quitter le mode porte
door-this-station = Ce poste
door-direction = Sens
door-direction-entry = Entrée
door-direction-exit = Sortie
door-zone-guarded = Zone contrôlée
door-no-zone = entrée principale (sans zone)
door-who-is-inside = Qui est présent
door-evacuation-roll = Liste d'évacuation (PDF)
door-last-scans = Derniers scans
door-annul = Annuler…
door-annulled = annulé
door-forgotten-badge = Badge oublié
door-find-by-name = Chercher par nom
door-admit-candidate = Admettre…
door-settings = Réglages de l'entrée
door-language = Langue de l'entrée
door-language-desk = Comme le guichet
door-verdict-seconds = Durée d'affichage du verdict (s)
door-scanner-pause = Lecteur : pause la plus longue (ms)
door-scanner-prefix = Préfixe du lecteur
door-sound = Son pour chaque verdict
door-no-sound = Aucun lecteur audio (paplay, pw-play, aplay) trouvé : silencieux.
door-new-pin = Nouveau code PIN
door-set-pin = Définir le code PIN
door-enter-mode = Passer en mode porte
door-mode-explained = Le mode porte est un kiosque : plein écran, seulement les scans, les verdicts et les compteurs du jour, jusqu'à la saisie du code PIN ; il revient après un redémarrage.
door-reading-log = Lecture du journal des scans…
door-people-inside = { $count ->
    [one] { $count } personne présente à { $time }
   *[other] { $count } personnes présentes à { $time }
}
door-not-in-this-registry = Absent de ce registre

door-msg-supervisor-open = Outils du superviseur ouverts. Fermez-les une fois terminé.
door-msg-wrong-pin = Code PIN erroné.
door-msg-pin-unreadable = Impossible de lire le code PIN : { $error }
door-msg-pin-set = Code PIN de l'entrée défini.
door-msg-cannot-enter = Impossible de passer en mode porte : { $error }
door-msg-mode-on = Mode porte activé. La modification est verrouillée jusqu'à la saisie du code PIN.
door-msg-set-pin-first = Définissez d'abord un code PIN (écran Entrée, au guichet).
door-msg-cannot-leave = Impossible de quitter le mode porte : { $error }
door-msg-mode-off = Mode porte désactivé.
door-msg-wrong-pin-stays = Code PIN erroné. Le mode porte reste activé.
door-msg-cannot-start = L'entrée ne peut pas démarrer : { $error }
door-msg-not-recorded = Le scan n'a pas été enregistré : { $error }
door-msg-not-admitted = Non admis : { $error }
door-msg-db-unreadable = Impossible de lire la base de données : { $error }
door-msg-annulled = Annulé : { $detail }
door-msg-not-annulled = Non annulé : { $error }
door-msg-log-unreadable = Impossible de lire le journal des scans : { $error }
door-msg-roll-written = Liste d'évacuation : { $count ->
    [one] { $count } personne présente
   *[other] { $count } personnes présentes
}, enregistrée dans { $path }.
door-msg-roll-failed = La liste d'évacuation n'a pas été écrite : { $error }
door-msg-quit-locked = Le mode porte est activé : quittez le mode porte avec le code PIN pour fermer.
door-msg-checkpoint-failed = Échec du point de contrôle du journal des scans (les scans sont toujours enregistrés) : { $error }
