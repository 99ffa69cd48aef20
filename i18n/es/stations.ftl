sta-title = Puestos
sta-door-copy = Esta base de datos es una copia de un puesto de entrada: prepare las copias en el mostrador.
sta-package-title = Preparar una copia para la entrada
sta-package-explained = Una copia del registro para un ordenador de entrada: nombres, fotos, estados y la clave pública del evento; sin clave de firma, sin correos, sin id externos, sin registro de auditoría. Recibe su propio identificador de puesto.
sta-door-copy-file = Archivo de la copia de entrada
sta-package = Preparar la copia
sta-export-title = Exportar los escaneos de este puesto
sta-export-explained = Todos los escaneos que conoce esta base de datos, en un archivo para llevar al mostrador o a otra entrada.
sta-export-file = Archivo de exportación de escaneos
sta-export = Exportar escaneos
sta-merge-title = Fusionar los escaneos de otro puesto
sta-merge-explained = Una exportación de escaneos o la base de datos de un puesto. Fusionar dos veces no añade nada dos veces.
sta-merge-file = Archivo que fusionar
sta-merge = Fusionar escaneos
sta-exporting = Exportando los escaneos a { $path }
sta-exported = Se exportaron { $scans } escaneos del puesto { $station } a { $path }.
sta-packaging = Preparando una copia de entrada en { $path }
sta-packaged = Copia de entrada { $path } escrita, id de puesto { $station }: { $delegates } delegados, { $photos } fotos, sin clave de firma, sin correos.
sta-merging = Fusionando los escaneos de { $path }
sta-conflicting = , { $count } en conflicto (se mantienen como aquí)
sta-merged = Fusionado { $path } del puesto { $station }: { $read } escaneos leídos, { $added } añadidos, { $known } ya conocidos{ $conflicts }.
sta-door-stations = Puestos de puerta
sta-certified-count = { $desks ->
    [one] { $desks } mostrador
   *[other] { $desks } mostradores
} y { $doors ->
    [one] { $doors } puerta certificados
   *[other] { $doors } puertas certificados
}
sta-role-desk = mostrador
sta-role-door = puerta
sta-no-name = (sin nombre)
sta-certified-at = certificado { $at }
sta-revoked-at = revocado { $at }
