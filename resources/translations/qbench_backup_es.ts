<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="es">
    <context>
        <name />
        <message>
            <source>{name}: falló.</source>
            <translation>{name}: falló.</translation>
        </message>
        <message>
            <source>{name}: cancelada.</source>
            <translation>{name}: cancelada.</translation>
        </message>
        <message>
            <source>%n nuevo(s)</source>
            <translation>%n nuevo(s)</translation>
        </message>
        <message>
            <source>%n modificado(s)</source>
            <translation>%n modificado(s)</translation>
        </message>
        <message>
            <source>%n eliminado(s)</source>
            <translation>%n eliminado(s)</translation>
        </message>
        <message>
            <source>sin cambios</source>
            <translation>sin cambios</translation>
        </message>
        <message>
            <source>%n registro(s) leído(s)</source>
            <translation>%n registro(s) leído(s)</translation>
        </message>
        <message>
            <source>{name}: {read}; {changes}.</source>
            <translation>{name}: {read}; {changes}.</translation>
        </message>
        <message>
            <source>{name}: {changes}.</source>
            <translation>{name}: {changes}.</translation>
        </message>
    </context>
    <context>
        <name>ActivityView</name>
        <message>
            <source>Actividad</source>
            <translation>Actividad</translation>
        </message>
        <message>
            <source>Detalles técnicos</source>
            <translation>Detalles técnicos</translation>
        </message>
        <message>
            <source>Abrir registro</source>
            <translation>Abrir registro</translation>
        </message>
        <message>
            <source>Abre la carpeta con el registro completo del programa.</source>
            <translation>Abre la carpeta con el registro completo del programa.</translation>
        </message>
        <message>
            <source>Actualización iniciada.</source>
            <translation>Actualización iniciada.</translation>
        </message>
        <message>
            <source>Secciones a copiar: {names}.</source>
            <translation>Secciones a copiar: {names}.</translation>
        </message>
        <message>
            <source>Actualización terminada correctamente.</source>
            <translation>Actualización terminada correctamente.</translation>
        </message>
        <message>
            <source>Actualización cancelada; se conserva lo ya copiado.</source>
            <translation>Actualización cancelada; se conserva lo ya copiado.</translation>
        </message>
        <message>
            <source>La actualización falló.</source>
            <translation>La actualización falló.</translation>
        </message>
        <message>
            <source>Reintentando en {seconds} s ({cause}).</source>
            <translation>Reintentando en {seconds} s ({cause}).</translation>
        </message>
        <message>
            <source>Esperando el límite de peticiones de QBench ({seconds} s).</source>
            <translation>Esperando el límite de peticiones de QBench ({seconds} s).</translation>
        </message>
        <message>
            <source>error de red</source>
            <translation>error de red</translation>
        </message>
        <message>
            <source>QBench respondió con un error</source>
            <translation>QBench respondió con un error</translation>
        </message>
    </context>
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
        <name>Excepthook</name>
        <message>
            <source>Se produjo un error inesperado y la operación no se completó.

Detalle técnico: {kind}

El informe completo está en la carpeta de registros:
{folder}</source>
            <translation>Se produjo un error inesperado y la operación no se completó.

Detalle técnico: {kind}

El informe completo está en la carpeta de registros:
{folder}</translation>
        </message>
        <message>
            <source>Error — QBench Backup</source>
            <translation>Error — QBench Backup</translation>
        </message>
    </context>
    <context>
        <name>HistoryDialog</name>
        <message>
            <source>correcto</source>
            <translation>correcto</translation>
        </message>
        <message>
            <source>falló</source>
            <translation>falló</translation>
        </message>
        <message>
            <source>cancelado</source>
            <translation>cancelado</translation>
        </message>
        <message>
            <source>en curso</source>
            <translation>en curso</translation>
        </message>
        <message>
            <source>interrumpido</source>
            <translation>interrumpido</translation>
        </message>
        <message>
            <source>Aún no hay respaldos.</source>
            <translation>Aún no hay respaldos.</translation>
        </message>
        <message>
            <source>Última actualización.</source>
            <translation>Última actualización.</translation>
        </message>
        <message>
            <source>Últimas {count} actualizaciones.</source>
            <translation>Últimas {count} actualizaciones.</translation>
        </message>
        <message>
            <source>{s} s</source>
            <translation>{s} s</translation>
        </message>
        <message>
            <source>{m} min {s:02d} s</source>
            <translation>{m} min {s:02d} s</translation>
        </message>
        <message>
            <source>{h} h {m:02d} min</source>
            <translation>{h} h {m:02d} min</translation>
        </message>
        <message>
            <source>no se sabe</source>
            <translation>no se sabe</translation>
        </message>
        <message>
            <source>{time} (en curso)</source>
            <translation>{time} (en curso)</translation>
        </message>
        <message>
            <source>al menos {time}</source>
            <translation>al menos {time}</translation>
        </message>
        <message>
            <source>{n} nuevo</source>
            <translation>{n} nuevo</translation>
        </message>
        <message>
            <source>{n} nuevos</source>
            <translation>{n} nuevos</translation>
        </message>
        <message>
            <source>{n} modificado</source>
            <translation>{n} modificado</translation>
        </message>
        <message>
            <source>{n} modificados</source>
            <translation>{n} modificados</translation>
        </message>
        <message>
            <source>{n} eliminado</source>
            <translation>{n} eliminado</translation>
        </message>
        <message>
            <source>{n} eliminados</source>
            <translation>{n} eliminados</translation>
        </message>
        <message>
            <source>sin cambios</source>
            <translation>sin cambios</translation>
        </message>
        <message>
            <source>{section}: {changes}</source>
            <translation>{section}: {changes}</translation>
        </message>
        <message>
            <source>Nuevos: registros copiados por primera vez. Modificados: registros que cambiaron en QBench desde la copia anterior. Eliminados: registros que QBench borró; el respaldo los conserva marcados como eliminados.</source>
            <translation>Nuevos: registros copiados por primera vez. Modificados: registros que cambiaron en QBench desde la copia anterior. Eliminados: registros que QBench borró; el respaldo los conserva marcados como eliminados.</translation>
        </message>
        <message>
            <source>Huérfanos: registros cuyo registro relacionado no está en el respaldo (por ejemplo, una muestra cuya orden se borró en QBench o aún no se copió). Se conservan; no hace falta hacer nada.</source>
            <translation>Huérfanos: registros cuyo registro relacionado no está en el respaldo (por ejemplo, una muestra cuya orden se borró en QBench o aún no se copió). Se conservan; no hace falta hacer nada.</translation>
        </message>
        <message>
            <source>La base de datos no pudo anotar esta actualización: se conserva en el archivo de estado y se anotará en la próxima que llegue a la base de datos. No hay detalle por sección.</source>
            <translation>La base de datos no pudo anotar esta actualización: se conserva en el archivo de estado y se anotará en la próxima que llegue a la base de datos. No hay detalle por sección.</translation>
        </message>
        <message>
            <source>No se puede leer la base de datos del respaldo: {reason} Se muestran las actualizaciones que el programa anotó en su archivo de estado.</source>
            <translation>No se puede leer la base de datos del respaldo: {reason} Se muestran las actualizaciones que el programa anotó en su archivo de estado.</translation>
        </message>
        <message>
            <source>Historial de respaldos</source>
            <translation>Historial de respaldos</translation>
        </message>
        <message>
            <source>Cargando…</source>
            <translation>Cargando…</translation>
        </message>
        <message>
            <source>Inicio</source>
            <translation>Inicio</translation>
        </message>
        <message>
            <source>Duración</source>
            <translation>Duración</translation>
        </message>
        <message>
            <source>Estado</source>
            <translation>Estado</translation>
        </message>
        <message>
            <source>Motivo</source>
            <translation>Motivo</translation>
        </message>
        <message>
            <source>Cambios</source>
            <translation>Cambios</translation>
        </message>
        <message>
            <source>Huérfanos</source>
            <translation>Huérfanos</translation>
        </message>
        <message>
            <source>Doble clic en una actualización (o «Ver detalle») para ver cada sección; clic en un número de «Huérfanos» para ver la lista.</source>
            <translation>Doble clic en una actualización (o «Ver detalle») para ver cada sección; clic en un número de «Huérfanos» para ver la lista.</translation>
        </message>
        <message>
            <source>Ver detalle</source>
            <translation>Ver detalle</translation>
        </message>
        <message>
            <source>Cerrar</source>
            <translation>Cerrar</translation>
        </message>
        <message>
            <source>No hay actualizaciones que mostrar.</source>
            <translation>No hay actualizaciones que mostrar.</translation>
        </message>
        <message>
            <source>Pulse para ver la lista.</source>
            <translation>Pulse para ver la lista.</translation>
        </message>
        <message>
            <source>El programa o el equipo se cerró durante la actualización: se cuenta hasta lo último que anotó.</source>
            <translation>El programa o el equipo se cerró durante la actualización: se cuenta hasta lo último que anotó.</translation>
        </message>
        <message>
            <source>Desde que empezó hasta ahora.</source>
            <translation>Desde que empezó hasta ahora.</translation>
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
        <message>
            <source>nunca</source>
            <translation>nunca</translation>
        </message>
        <message>
            <source>Último respaldo: {when}</source>
            <translation>Último respaldo: {when}</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Respaldo completado.</source>
            <translation>Respaldo completado.</translation>
        </message>
        <message>
            <source>Actualización cancelada: se conservan los datos ya copiados.</source>
            <translation>Actualización cancelada: se conservan los datos ya copiados.</translation>
        </message>
        <message>
            <source>La actualización falló.</source>
            <translation>La actualización falló.</translation>
        </message>
        <message>
            <source>completado</source>
            <translation>completado</translation>
        </message>
        <message>
            <source>falló</source>
            <translation>falló</translation>
        </message>
        <message>
            <source>cancelado</source>
            <translation>cancelado</translation>
        </message>
        <message>
            <source> — DEMO</source>
            <translation> — DEMO</translation>
        </message>
        <message>
            <source>DEMO · datos de ejemplo del simulador incluido, en una base de datos aparte. No se conecta a su QBench.</source>
            <translation>DEMO · datos de ejemplo del simulador incluido, en una base de datos aparte. No se conecta a su QBench.</translation>
        </message>
        <message>
            <source>Último respaldo: …</source>
            <translation>Último respaldo: …</translation>
        </message>
        <message>
            <source>Listo.</source>
            <translation>Listo.</translation>
        </message>
        <message>
            <source>ACTUALIZAR</source>
            <translation>ACTUALIZAR</translation>
        </message>
        <message>
            <source>Cancelar</source>
            <translation>Cancelar</translation>
        </message>
        <message>
            <source>Historial</source>
            <translation>Historial</translation>
        </message>
        <message>
            <source>Configuración</source>
            <translation>Configuración</translation>
        </message>
        <message>
            <source>Actualizando… respaldo en curso.</source>
            <translation>Actualizando… respaldo en curso.</translation>
        </message>
        <message>
            <source>Cancelando… se detiene al terminar la página actual.</source>
            <translation>Cancelando… se detiene al terminar la página actual.</translation>
        </message>
        <message>
            <source>¿Crear una base de datos nueva para {current} y copiarla allí? La copia de {recorded} se conserva tal cual.</source>
            <translation>¿Crear una base de datos nueva para {current} y copiarla allí? La copia de {recorded} se conserva tal cual.</translation>
        </message>
        <message>
            <source>Otra dirección de QBench</source>
            <translation>Otra dirección de QBench</translation>
        </message>
        <message>
            <source>Usar una base de datos nueva</source>
            <translation>Usar una base de datos nueva</translation>
        </message>
        <message>
            <source>Hay un respaldo en curso (iniciado por otro proceso); espere a que termine.</source>
            <translation>Hay un respaldo en curso (iniciado por otro proceso); espere a que termine.</translation>
        </message>
        <message>
            <source>Hay una actualización en curso. ¿Detenerla y cerrar el programa?

Lo ya copiado se conserva; la próxima actualización sigue desde ahí.</source>
            <translation>Hay una actualización en curso. ¿Detenerla y cerrar el programa?

Lo ya copiado se conserva; la próxima actualización sigue desde ahí.</translation>
        </message>
        <message>
            <source>Detener y cerrar</source>
            <translation>Detener y cerrar</translation>
        </message>
        <message>
            <source>Seguir respaldando</source>
            <translation>Seguir respaldando</translation>
        </message>
        <message>
            <source>Deteniendo la actualización y cerrando…</source>
            <translation>Deteniendo la actualización y cerrando…</translation>
        </message>
    </context>
    <context>
        <name>OrphansDialog</name>
        <message>
            <source>Registros huérfanos</source>
            <translation>Registros huérfanos</translation>
        </message>
        <message>
            <source>Cargando…</source>
            <translation>Cargando…</translation>
        </message>
        <message>
            <source>Sección</source>
            <translation>Sección</translation>
        </message>
        <message>
            <source>Registro (id)</source>
            <translation>Registro (id)</translation>
        </message>
        <message>
            <source>Le falta</source>
            <translation>Le falta</translation>
        </message>
        <message>
            <source>Cerrar</source>
            <translation>Cerrar</translation>
        </message>
        <message>
            <source>La lista de esta actualización ya no se conserva (se guardan las de las últimas 50).</source>
            <translation>La lista de esta actualización ya no se conserva (se guardan las de las últimas 50).</translation>
        </message>
        <message>
            <source>Se muestran los primeros {shown} de {count}.</source>
            <translation>Se muestran los primeros {shown} de {count}.</translation>
        </message>
        <message>
            <source>{n} registro.</source>
            <translation>{n} registro.</translation>
        </message>
        <message>
            <source>{n} registros.</source>
            <translation>{n} registros.</translation>
        </message>
        <message>
            <source>{section} n.º {id}</source>
            <translation>{section} n.º {id}</translation>
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
    <context>
        <name>RunDetailDialog</name>
        <message>
            <source>Actualización del {when}</source>
            <translation>Actualización del {when}</translation>
        </message>
        <message>
            <source>{when} · {status} · duración: {duration} · {changes}</source>
            <translation>{when} · {status} · duración: {duration} · {changes}</translation>
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
            <source>Leídos</source>
            <translation>Leídos</translation>
        </message>
        <message>
            <source>Nuevos</source>
            <translation>Nuevos</translation>
        </message>
        <message>
            <source>Modificados</source>
            <translation>Modificados</translation>
        </message>
        <message>
            <source>Eliminados</source>
            <translation>Eliminados</translation>
        </message>
        <message>
            <source>Rechazados</source>
            <translation>Rechazados</translation>
        </message>
        <message>
            <source>Huérfanos</source>
            <translation>Huérfanos</translation>
        </message>
        <message>
            <source>Peticiones</source>
            <translation>Peticiones</translation>
        </message>
        <message>
            <source>Tiempo</source>
            <translation>Tiempo</translation>
        </message>
        <message>
            <source>Registros que QBench envió en esta actualización.</source>
            <translation>Registros que QBench envió en esta actualización.</translation>
        </message>
        <message>
            <source>Registros copiados por primera vez.</source>
            <translation>Registros copiados por primera vez.</translation>
        </message>
        <message>
            <source>Registros que cambiaron en QBench desde la copia anterior.</source>
            <translation>Registros que cambiaron en QBench desde la copia anterior.</translation>
        </message>
        <message>
            <source>Registros que QBench borró; el respaldo los conserva marcados como eliminados.</source>
            <translation>Registros que QBench borró; el respaldo los conserva marcados como eliminados.</translation>
        </message>
        <message>
            <source>Registros que no se pudieron leer: se guardan tal como llegaron y la próxima actualización los pide de nuevo.</source>
            <translation>Registros que no se pudieron leer: se guardan tal como llegaron y la próxima actualización los pide de nuevo.</translation>
        </message>
        <message>
            <source>Peticiones hechas a QBench.</source>
            <translation>Peticiones hechas a QBench.</translation>
        </message>
        <message>
            <source>Ver huérfanos ({n})</source>
            <translation>Ver huérfanos ({n})</translation>
        </message>
        <message>
            <source>Cerrar</source>
            <translation>Cerrar</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>Total</translation>
        </message>
    </context>
    <context>
        <name>Workers</name>
        <message>
            <source>Error inesperado ({kind}). Los detalles están en el archivo de registro.</source>
            <translation>Error inesperado ({kind}). Los detalles están en el archivo de registro.</translation>
        </message>
    </context>
</TS>
