<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="es">
    <context>
        <name>EntityNames</name>
        <message>
            <source>Clientes</source>
            <translation>Clientes</translation>
        </message>
        <message>
            <source>Órdenes</source>
            <translation>Órdenes</translation>
        </message>
        <message>
            <source>Muestras</source>
            <translation>Muestras</translation>
        </message>
        <message>
            <source>Lotes</source>
            <translation>Lotes</translation>
        </message>
        <message>
            <source>Pruebas</source>
            <translation>Pruebas</translation>
        </message>
        <message>
            <source>Ensayos</source>
            <translation>Ensayos</translation>
        </message>
        <message>
            <source>Informes</source>
            <translation>Informes</translation>
        </message>
    </context>
    <context>
        <name>Indicator</name>
        <message>
            <source> · hace más de {hours} h</source>
            <translation> · hace más de {hours} h</translation>
        </message>
        <message>
            <source> · la última actualización usó otra base de datos</source>
            <translation> · la última actualización usó otra base de datos</translation>
        </message>
        <message>
            <source> · la última actualización se canceló</source>
            <translation> · la última actualización se canceló</translation>
        </message>
        <message>
            <source> · la última actualización se interrumpió</source>
            <translation> · la última actualización se interrumpió</translation>
        </message>
        <message>
            <source> · la última actualización falló</source>
            <translation> · la última actualización falló</translation>
        </message>
    </context>
    <context>
        <name>ProgressView</name>
        <message>
            <source>%n nuevo</source>
            <translation>%n nuevo</translation>
        </message>
        <message>
            <source>%n nuevos</source>
            <translation>%n nuevos</translation>
        </message>
        <message>
            <source>%n modificado</source>
            <translation>%n modificado</translation>
        </message>
        <message>
            <source>%n modificados</source>
            <translation>%n modificados</translation>
        </message>
        <message>
            <source>%n eliminado</source>
            <translation>%n eliminado</translation>
        </message>
        <message>
            <source>%n eliminados</source>
            <translation>%n eliminados</translation>
        </message>
        <message>
            <source>sin cambios</source>
            <translation>sin cambios</translation>
        </message>
        <message>
            <source>%n registro</source>
            <translation>%n registro</translation>
        </message>
        <message>
            <source>%n registros</source>
            <translation>%n registros</translation>
        </message>
        <message>
            <source>{s} s</source>
            <translation>{s} s</translation>
        </message>
        <message>
            <source>{m} min</source>
            <translation>{m} min</translation>
        </message>
        <message>
            <source>{h} h {m:02d} min</source>
            <translation>{h} h {m:02d} min</translation>
        </message>
        <message>
            <source>Tiempo restante: calculando…</source>
            <translation>Tiempo restante: calculando…</translation>
        </message>
        <message>
            <source>Tiempo restante: unos segundos</source>
            <translation>Tiempo restante: unos segundos</translation>
        </message>
        <message>
            <source>Tiempo restante: al menos {time}</source>
            <translation>Tiempo restante: al menos {time}</translation>
        </message>
        <message>
            <source>Tiempo restante: unos {time}</source>
            <translation>Tiempo restante: unos {time}</translation>
        </message>
        <message>
            <source>Reintentando en {s} s (error de red)</source>
            <translation>Reintentando en {s} s (error de red)</translation>
        </message>
        <message>
            <source>Reintentando en {s} s (QBench respondió con un error)</source>
            <translation>Reintentando en {s} s (QBench respondió con un error)</translation>
        </message>
        <message>
            <source>Esperando el límite de peticiones de QBench (reanuda en {s} s)</source>
            <translation>Esperando el límite de peticiones de QBench (reanuda en {s} s)</translation>
        </message>
        <message>
            <source>pendiente</source>
            <translation>pendiente</translation>
        </message>
        <message>
            <source>completado</source>
            <translation>completado</translation>
        </message>
        <message>
            <source>cancelado</source>
            <translation>cancelado</translation>
        </message>
        <message>
            <source>falló</source>
            <translation>falló</translation>
        </message>
        <message>
            <source>empezando</source>
            <translation>empezando</translation>
        </message>
        <message>
            <source>revisando los eliminados</source>
            <translation>revisando los eliminados</translation>
        </message>
        <message>
            <source>comprobando que no falte nada</source>
            <translation>comprobando que no falte nada</translation>
        </message>
        <message>
            <source>buscando cambios</source>
            <translation>buscando cambios</translation>
        </message>
        <message>
            <source>copiando registros</source>
            <translation>copiando registros</translation>
        </message>
        <message>
            <source>{records} leídos · {changes}</source>
            <translation>{records} leídos · {changes}</translation>
        </message>
        <message>
            <source>página {page} de {pages} · {records}</source>
            <translation>página {page} de {pages} · {records}</translation>
        </message>
        <message>
            <source>%p %</source>
            <translation>%p %</translation>
        </message>
        <message>
            <source>Sección</source>
            <translation>Sección</translation>
        </message>
        <message>
            <source>Estado</source>
            <translation>Estado</translation>
        </message>
        <message>
            <source>Avance</source>
            <translation>Avance</translation>
        </message>
        <message>
            <source>Sección {n} de {total}: {name} — {state}</source>
            <translation>Sección {n} de {total}: {name} — {state}</translation>
        </message>
    </context>
</TS>
