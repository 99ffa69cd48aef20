sta-title = Postazioni
sta-door-copy = Questa base dati è una copia di postazione d'ingresso: prepara le copie allo sportello.
sta-package-title = Prepara una copia per l'ingresso
sta-package-explained = Una copia del registro per un computer d'ingresso: nomi, foto, stati e la chiave pubblica dell'evento; nessuna chiave di firma, nessuna e-mail, nessun id esterno, nessuna traccia di verifica. Riceve un proprio identificativo di postazione.
sta-door-copy-file = File della copia d'ingresso
sta-package = Prepara la copia
sta-export-title = Esporta le scansioni di questa postazione
sta-export-explained = Tutte le scansioni note a questa base dati, in un file da portare allo sportello o a un altro ingresso.
sta-export-file = File di esportazione delle scansioni
sta-export = Esporta le scansioni
sta-merge-title = Unisci le scansioni di un'altra postazione
sta-merge-explained = Un'esportazione di scansioni o la base dati di una postazione. Unire due volte non aggiunge nulla due volte.
sta-merge-file = File da unire
sta-merge = Unisci le scansioni
sta-exporting = Esportazione delle scansioni in { $path }
sta-exported = Esportate { $scans } scansioni della postazione { $station } in { $path }.
sta-packaging = Preparazione di una copia d'ingresso in { $path }
sta-packaged = Copia d'ingresso { $path } scritta, id postazione { $station }: { $delegates } delegati, { $photos } foto, nessuna chiave di firma, nessuna e-mail.
sta-merging = Unione delle scansioni di { $path }
sta-conflicting = , { $count } in conflitto (mantenute come qui)
sta-merged = Unito { $path } dalla postazione { $station }: { $read } scansioni lette, { $added } aggiunte, { $known } già note{ $conflicts }.
sta-door-stations = Postazioni d'ingresso
sta-certified-count = { $desks ->
    [one] { $desks } banco
   *[other] { $desks } banchi
} e { $doors ->
    [one] { $doors } ingresso certificati
   *[other] { $doors } ingressi certificati
}
sta-role-desk = banco
sta-role-door = ingresso
sta-no-name = (senza nome)
sta-certified-at = certificata { $at }
sta-revoked-at = revocata { $at }
