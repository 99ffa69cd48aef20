records-reminder =
    L'événement s'est terminé le { $ended } ; sa durée de conservation de { $days } jours est écoulée depuis le { $due } : purgez les données personnelles de { $people ->
        [one] { $people } personne
       *[other] { $people } personnes
    } (écran Archives : Purger les données personnelles…).
rec-backups = Sauvegardes
rec-backups-explained = Une sauvegarde est une copie cohérente de la base, faite pendant que le guichet et les entrées continuent de travailler ; elle est vérifiée après l'écriture et ne remplace jamais un fichier.
rec-folder = Dossier des sauvegardes
rec-folder-hint = vide : un dossier 'backups' à côté de la base
rec-every = Toutes les (minutes)
rec-keep = Garder les dernières
rec-auto = Sauvegardes automatiques
rec-save-settings = Enregistrer les réglages de sauvegarde
rec-backup-now = Sauvegarder maintenant
rec-next = Prochaine sauvegarde automatique dans environ { $minutes } min.
rec-restore-title = Restaurer depuis une sauvegarde
rec-restore-explained = Remplacer cette base par une sauvegarde du même événement ; l'actuelle est gardée en copie à côté.
rec-backup-file = Fichier de sauvegarde
rec-backup-file-hint = chemin d'une sauvegarde (.sqlite3)
rec-restore-button = Restaurer…
rec-now = { $delegates } délégués et { $entries } entrées d'audit actuellement
rec-no-db = pas encore de base
rec-restore-question = Restaurer { $path } de l'événement { $event } ({ $delegates } délégués, { $entries } entrées d'audit) à la place de cette base ({ $current }) ?
rec-restore = Restaurer
rec-audit = Piste d'audit
rec-audit-explained = Chaque modification est liée à la précédente par une empreinte SHA-256 ; notez la tête ou signez-la.
rec-head = Tête :
rec-no-entries = aucune (pas d'entrées)
rec-verify = Vérifier la chaîne d'audit
rec-personal-data = Données personnelles
rec-door-copy = Ceci est une copie de poste d'entrée : une fois ses scans fusionnés au guichet, supprimez le fichier.
rec-purge-explained = Après l'événement : supprimer les noms, courriels, fonctions, photos, notes d'attention et id externes de chaque délégué. Les comptes par délégation, catégorie, jour et heure restent, ainsi que la piste d'audit (ses valeurs deviennent des empreintes).
rec-purge-button = Purger les données personnelles…
rec-backups-too = Les sauvegardes faites avant contiennent encore des données personnelles : supprimez-les aussi.
rec-type-code = Saisissez le code de l'événement ({ $code }) pour confirmer
rec-purge = Purger les données personnelles
