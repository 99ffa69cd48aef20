sta-title = Postes
sta-door-copy = Cette base est une copie de poste d'entrée : préparez les copies au guichet.
sta-package-title = Préparer une copie pour l'entrée
sta-package-explained = Une copie du registre pour un ordinateur d'entrée : noms, photos, statuts et la clé publique de l'événement ; pas de clé de signature, pas de courriels, pas d'id externes, pas de piste d'audit. Elle reçoit son propre identifiant de poste.
sta-door-copy-file = Fichier de la copie d'entrée
sta-package = Préparer la copie
sta-export-title = Exporter les scans de ce poste
sta-export-explained = Tous les scans que connaît cette base, dans un fichier à porter au guichet ou à une autre entrée.
sta-export-file = Fichier d'export des scans
sta-export = Exporter les scans
sta-merge-title = Fusionner les scans d'un autre poste
sta-merge-explained = Un export de scans ou la base d'un poste. Fusionner deux fois n'ajoute rien deux fois.
sta-merge-file = Fichier à fusionner
sta-merge = Fusionner les scans
sta-exporting = Exportation des scans vers { $path }
sta-exported = { $scans } scans du poste { $station } exportés vers { $path }.
sta-packaging = Préparation d'une copie d'entrée dans { $path }
sta-packaged = Copie d'entrée { $path } écrite, identifiant de poste { $station } : { $delegates } délégués, { $photos } photos, sans clé de signature, sans courriels.
sta-merging = Fusion des scans de { $path }
sta-conflicting = , { $count } en conflit (gardés tels quels ici)
sta-merged = { $path } du poste { $station } fusionné : { $read } scans lus, { $added } ajoutés, { $known } déjà connus{ $conflicts }.
sta-door-stations = Postes de porte
sta-certified-count = { $desks ->
    [one] { $desks } bureau
   *[other] { $desks } bureaux
} et { $doors ->
    [one] { $doors } porte certifiés
   *[other] { $doors } portes certifiés
}
sta-role-desk = bureau
sta-role-door = porte
sta-no-name = (sans nom)
sta-certified-at = certifié { $at }
sta-revoked-at = révoqué { $at }
