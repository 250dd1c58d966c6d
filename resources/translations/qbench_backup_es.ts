<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="es">
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
            <source>Actualización terminada, salvo las secciones sin permiso.</source>
            <translation>Actualización terminada, salvo las secciones sin permiso.</translation>
        </message>
        <message>
            <source>Actualización terminada, salvo las secciones omitidas.</source>
            <translation>Actualización terminada, salvo las secciones omitidas.</translation>
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
            <source>{name}: falló.</source>
            <translation>{name}: falló.</translation>
        </message>
        <message>
            <source>{name}: cancelada.</source>
            <translation>{name}: cancelada.</translation>
        </message>
        <message>
            <source>{name}: omitida, sin permiso.</source>
            <translation>{name}: omitida, sin permiso.</translation>
        </message>
        <message>
            <source>{name}: omitida, no existe en QBench.</source>
            <translation>{name}: omitida, no existe en QBench.</translation>
        </message>
        <message>
            <source>{name}: omitida.</source>
            <translation>{name}: omitida.</translation>
        </message>
        <message numerus="yes">
            <source>%n registro(s) leído(s)</source>
            <translation>
                <numerusform>%n registro leído</numerusform>
                <numerusform>%n registros leídos</numerusform>
            </translation>
        </message>
        <message>
            <source>{name}: {read}; {changes}.</source>
            <translation>{name}: {read}; {changes}.</translation>
        </message>
        <message>
            <source>{name}: {changes}.</source>
            <translation>{name}: {changes}.</translation>
        </message>
        <message>
            <source>No se pudo abrir la carpeta del registro; está en {folder}</source>
            <translation>No se pudo abrir la carpeta del registro; está en {folder}</translation>
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
        <name>ApiPanel</name>
        <message>
            <source>Copiar dirección</source>
            <translation>Copiar dirección</translation>
        </message>
        <message>
            <source>Generar nuevo token</source>
            <translation>Generar nuevo token</translation>
        </message>
        <message>
            <source>Crea un token de acceso nuevo; el actual deja de funcionar en ese momento.</source>
            <translation>Crea un token de acceso nuevo; el actual deja de funcionar en ese momento.</translation>
        </message>
        <message>
            <source>Escucha en todas las direcciones de este equipo: desde otro equipo, use el nombre o la IP de este en lugar de la dirección mostrada.</source>
            <translation>Escucha en todas las direcciones de este equipo: desde otro equipo, use el nombre o la IP de este en lugar de la dirección mostrada.</translation>
        </message>
        <message>
            <source>Token de acceso a la API. Se muestra solo esta vez: cópielo ahora y guárdelo en el programa que use la API. Después no se puede volver a ver (solo generar otro).</source>
            <translation>Token de acceso a la API. Se muestra solo esta vez: cópielo ahora y guárdelo en el programa que use la API. Después no se puede volver a ver (solo generar otro).</translation>
        </message>
        <message>
            <source>Copiar token</source>
            <translation>Copiar token</translation>
        </message>
        <message>
            <source>Ya lo guardé</source>
            <translation>Ya lo guardé</translation>
        </message>
        <message>
            <source>Oculta el token; no se podrá volver a ver.</source>
            <translation>Oculta el token; no se podrá volver a ver.</translation>
        </message>
        <message>
            <source>API REST local activa: {address}</source>
            <translation>API REST local activa: {address}</translation>
        </message>
        <message>
            <source>La API REST local no se inició: el puerto {port} ya está en uso por otro programa. Elija otro puerto en Configuración.</source>
            <translation>La API REST local no se inició: el puerto {port} ya está en uso por otro programa. Elija otro puerto en Configuración.</translation>
        </message>
        <message>
            <source>La API REST local no se inició: no puede escuchar en {host}:{port}. Revise la dirección y el puerto en Configuración.</source>
            <translation>La API REST local no se inició: no puede escuchar en {host}:{port}. Revise la dirección y el puerto en Configuración.</translation>
        </message>
        <message>
            <source>Dirección copiada al portapapeles.</source>
            <translation>Dirección copiada al portapapeles.</translation>
        </message>
        <message>
            <source>Token copiado al portapapeles. Guárdelo y pulse «Ya lo guardé».</source>
            <translation>Token copiado al portapapeles. Guárdelo y pulse «Ya lo guardé».</translation>
        </message>
    </context>
    <context>
        <name>Application</name>
        <message>
            <source>QBench Backup — DEMO</source>
            <translation>QBench Backup — DEMO</translation>
        </message>
    </context>
    <context>
        <name>EntityNames</name>
        <message>
            <source>Usuarios</source>
            <translation>Usuarios</translation>
        </message>
        <message>
            <source>Equipos</source>
            <translation>Equipos</translation>
        </message>
        <message>
            <source>Divisiones</source>
            <translation>Divisiones</translation>
        </message>
        <message>
            <source>Tipos de ubicación</source>
            <translation>Tipos de ubicación</translation>
        </message>
        <message>
            <source>Ubicaciones</source>
            <translation>Ubicaciones</translation>
        </message>
        <message>
            <source>Tipos de recepción</source>
            <translation>Tipos de recepción</translation>
        </message>
        <message>
            <source>Categorías de ensayo</source>
            <translation>Categorías de ensayo</translation>
        </message>
        <message>
            <source>Plazos de entrega</source>
            <translation>Plazos de entrega</translation>
        </message>
        <message>
            <source>Plantillas de hoja de trabajo</source>
            <translation>Plantillas de hoja de trabajo</translation>
        </message>
        <message>
            <source>Épicas</source>
            <translation>Épicas</translation>
        </message>
        <message>
            <source>Proyectos</source>
            <translation>Proyectos</translation>
        </message>
        <message>
            <source>Fuentes</source>
            <translation>Fuentes</translation>
        </message>
        <message>
            <source>Clientes de la API</source>
            <translation>Clientes de la API</translation>
        </message>
        <message>
            <source>Clientes</source>
            <translation>Clientes</translation>
        </message>
        <message>
            <source>Contactos</source>
            <translation>Contactos</translation>
        </message>
        <message>
            <source>Ensayos</source>
            <translation>Ensayos</translation>
        </message>
        <message>
            <source>Paneles</source>
            <translation>Paneles</translation>
        </message>
        <message>
            <source>Órdenes</source>
            <translation>Órdenes</translation>
        </message>
        <message>
            <source>Comentarios de órdenes</source>
            <translation>Comentarios de órdenes</translation>
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
            <source>Informes</source>
            <translation>Informes</translation>
        </message>
        <message>
            <source>Cotizaciones</source>
            <translation>Cotizaciones</translation>
        </message>
        <message>
            <source>Facturas</source>
            <translation>Facturas</translation>
        </message>
        <message>
            <source>Conceptos de factura</source>
            <translation>Conceptos de factura</translation>
        </message>
        <message>
            <source>Pagos</source>
            <translation>Pagos</translation>
        </message>
        <message>
            <source>Hojas de trabajo de pruebas</source>
            <translation>Hojas de trabajo de pruebas</translation>
        </message>
        <message>
            <source>Hojas de trabajo de lotes</source>
            <translation>Hojas de trabajo de lotes</translation>
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
            <source>correcto, con secciones sin permiso</source>
            <translation>correcto, con secciones sin permiso</translation>
        </message>
        <message>
            <source>omitida</source>
            <translation>omitida</translation>
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
            <source> · se omitieron secciones sin permiso</source>
            <translation> · se omitieron secciones sin permiso</translation>
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
            <source>Respaldo completado, salvo las secciones sin permiso.</source>
            <translation>Respaldo completado, salvo las secciones sin permiso.</translation>
        </message>
        <message>
            <source>Respaldo completado, salvo las secciones omitidas.</source>
            <translation>Respaldo completado, salvo las secciones omitidas.</translation>
        </message>
        <message>
            <source>Actualización cancelada.</source>
            <translation>Actualización cancelada.</translation>
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
            <source>Generar nuevo token</source>
            <translation>Generar nuevo token</translation>
        </message>
        <message>
            <source>¿Generar un token nuevo para la API REST local?

El token actual deja de funcionar en ese momento: los programas que lo usan no podrán leer el respaldo hasta que les dé el nuevo.</source>
            <translation>¿Generar un token nuevo para la API REST local?

El token actual deja de funcionar en ese momento: los programas que lo usan no podrán leer el respaldo hasta que les dé el nuevo.</translation>
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
        <name>Mensajes</name>
        <message>
            <source>La demostración se actualiza desde la ventana (qbench-backup --demo) o con qbench-backup --demo --sync.</source>
            <translation>La demostración se actualiza desde la ventana (qbench-backup --demo) o con qbench-backup --demo --sync.</translation>
        </message>
        <message>
            <source>El archivo del token de la API {path} está dañado; bórrelo y genere un token nuevo.</source>
            <translation>El archivo del token de la API {path} está dañado; bórrelo y genere un token nuevo.</translation>
        </message>
        <message>
            <source>No se pudo guardar el token nuevo en {path}. Revise los permisos de la carpeta y el espacio libre en disco.</source>
            <translation>No se pudo guardar el token nuevo en {path}. Revise los permisos de la carpeta y el espacio libre en disco.</translation>
        </message>
        <message>
            <source>{name}: falló</source>
            <translation>{name}: falló</translation>
        </message>
        <message>
            <source>{name}: cancelada</source>
            <translation>{name}: cancelada</translation>
        </message>
        <message>
            <source>{name}: sin permiso</source>
            <translation>{name}: sin permiso</translation>
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
            <source>Respaldo de demostración terminado</source>
            <translation>Respaldo de demostración terminado</translation>
        </message>
        <message>
            <source>Respaldo de demostración terminado con secciones sin permiso</source>
            <translation>Respaldo de demostración terminado con secciones sin permiso</translation>
        </message>
        <message>
            <source>Respaldo de demostración cancelado</source>
            <translation>Respaldo de demostración cancelado</translation>
        </message>
        <message>
            <source>El respaldo de demostración falló</source>
            <translation>El respaldo de demostración falló</translation>
        </message>
        <message>
            <source>{n} registro</source>
            <translation>{n} registro</translation>
        </message>
        <message>
            <source>{n} registros</source>
            <translation>{n} registros</translation>
        </message>
        <message>
            <source>En la copia: {held}</source>
            <translation>En la copia: {held}</translation>
        </message>
        <message>
            <source>archivo {path}</source>
            <translation>archivo {path}</translation>
        </message>
        <message>
            <source>Base de datos de demostración: {where}</source>
            <translation>Base de datos de demostración: {where}</translation>
        </message>
        <message>
            <source>La orden tiene una opción no válida: revise la tarea programada (qbench-backup --help lista las opciones).</source>
            <translation>La orden tiene una opción no válida: revise la tarea programada (qbench-backup --help lista las opciones).</translation>
        </message>
        <message>
            <source>Debe ser un texto entre comillas.</source>
            <translation>Debe ser un texto entre comillas.</translation>
        </message>
        <message>
            <source>«{key}» debe ser un texto entre comillas, por ejemplo {example}.</source>
            <translation>«{key}» debe ser un texto entre comillas, por ejemplo {example}.</translation>
        </message>
        <message>
            <source>Debe ser un número entero.</source>
            <translation>Debe ser un número entero.</translation>
        </message>
        <message>
            <source>«{key}» debe ser un número entero, por ejemplo {example}.</source>
            <translation>«{key}» debe ser un número entero, por ejemplo {example}.</translation>
        </message>
        <message>
            <source>Debe ser true o false.</source>
            <translation>Debe ser true o false.</translation>
        </message>
        <message>
            <source>«{key}» debe ser true o false, por ejemplo {example}.</source>
            <translation>«{key}» debe ser true o false, por ejemplo {example}.</translation>
        </message>
        <message>
            <source>No se puede leer el archivo de ajustes {path}. Revise sus permisos, o bórrelo para volver a los ajustes por defecto.</source>
            <translation>No se puede leer el archivo de ajustes {path}. Revise sus permisos, o bórrelo para volver a los ajustes por defecto.</translation>
        </message>
        <message>
            <source>El archivo de ajustes {path} está dañado (línea {line}, columna {column}). Corrija esa línea o borre el archivo para volver a los ajustes por defecto.</source>
            <translation>El archivo de ajustes {path} está dañado (línea {line}, columna {column}). Corrija esa línea o borre el archivo para volver a los ajustes por defecto.</translation>
        </message>
        <message>
            <source>El archivo de ajustes {path} no tiene el formato esperado. Bórrelo para volver a los ajustes por defecto.</source>
            <translation>El archivo de ajustes {path} no tiene el formato esperado. Bórrelo para volver a los ajustes por defecto.</translation>
        </message>
        <message>
            <source>El archivo de ajustes {path} es de otra versión del programa. Actualice el programa o borre el archivo.</source>
            <translation>El archivo de ajustes {path} es de otra versión del programa. Actualice el programa o borre el archivo.</translation>
        </message>
        <message>
            <source>«{key}» vale {value} en el archivo.</source>
            <translation>«{key}» vale {value} en el archivo.</translation>
        </message>
        <message>
            <source>El archivo de ajustes {path} tiene valores incorrectos:</source>
            <translation>El archivo de ajustes {path} tiene valores incorrectos:</translation>
        </message>
        <message>
            <source>Corríjalos en Configuración y pulse Guardar.</source>
            <translation>Corríjalos en Configuración y pulse Guardar.</translation>
        </message>
        <message>
            <source>La contraseña no se guarda en el archivo de ajustes. Escriba la dirección de la base de datos sin contraseña; el programa la guarda en el llavero del sistema.</source>
            <translation>La contraseña no se guarda en el archivo de ajustes. Escriba la dirección de la base de datos sin contraseña; el programa la guarda en el llavero del sistema.</translation>
        </message>
        <message>
            <source>No se pudo guardar el archivo de ajustes {path}. Revise los permisos de la carpeta y el espacio libre en disco.</source>
            <translation>No se pudo guardar el archivo de ajustes {path}. Revise los permisos de la carpeta y el espacio libre en disco.</translation>
        </message>
        <message>
            <source>Indique la dirección de su QBench, por ejemplo https://miempresa.qbench.net.</source>
            <translation>Indique la dirección de su QBench, por ejemplo https://miempresa.qbench.net.</translation>
        </message>
        <message>
            <source>La dirección de QBench debe empezar por https:// (o http://).</source>
            <translation>La dirección de QBench debe empezar por https:// (o http://).</translation>
        </message>
        <message>
            <source>El puerto de la dirección de QBench no es válido.</source>
            <translation>El puerto de la dirección de QBench no es válido.</translation>
        </message>
        <message>
            <source>Falta el nombre del servidor en la dirección de QBench.</source>
            <translation>Falta el nombre del servidor en la dirección de QBench.</translation>
        </message>
        <message>
            <source>No incluya usuario ni contraseña en la dirección de QBench.</source>
            <translation>No incluya usuario ni contraseña en la dirección de QBench.</translation>
        </message>
        <message>
            <source>Escriba solo la dirección principal de QBench, sin rutas: por ejemplo https://miempresa.qbench.net.</source>
            <translation>Escriba solo la dirección principal de QBench, sin rutas: por ejemplo https://miempresa.qbench.net.</translation>
        </message>
        <message>
            <source>Indique el identificador de cliente (Client ID) de la API de QBench.</source>
            <translation>Indique el identificador de cliente (Client ID) de la API de QBench.</translation>
        </message>
        <message>
            <source>El identificador de cliente no puede contener espacios.</source>
            <translation>El identificador de cliente no puede contener espacios.</translation>
        </message>
        <message>
            <source>La dirección de la base de datos debe empezar por sqlite:/// o postgresql:// (déjela vacía para usar el archivo por defecto).</source>
            <translation>La dirección de la base de datos debe empezar por sqlite:/// o postgresql:// (déjela vacía para usar el archivo por defecto).</translation>
        </message>
        <message>
            <source>Falta la ruta del archivo SQLite, por ejemplo sqlite:///C:/datos/qb.db.</source>
            <translation>Falta la ruta del archivo SQLite, por ejemplo sqlite:///C:/datos/qb.db.</translation>
        </message>
        <message>
            <source>Falta el nombre de la base de datos, por ejemplo postgresql://usuario@servidor:5432/qbench.</source>
            <translation>Falta el nombre de la base de datos, por ejemplo postgresql://usuario@servidor:5432/qbench.</translation>
        </message>
        <message>
            <source>Indique la ruta completa de la carpeta de documentos, desde la unidad o el servidor (déjela vacía para usar la carpeta por defecto).</source>
            <translation>Indique la ruta completa de la carpeta de documentos, desde la unidad o el servidor (déjela vacía para usar la carpeta por defecto).</translation>
        </message>
        <message>
            <source>Indique la dirección en la que escucha la API local, por ejemplo 127.0.0.1.</source>
            <translation>Indique la dirección en la que escucha la API local, por ejemplo 127.0.0.1.</translation>
        </message>
        <message>
            <source>Origen no válido: {origin}. Use direcciones como http://localhost:3000, separadas por comas.</source>
            <translation>Origen no válido: {origin}. Use direcciones como http://localhost:3000, separadas por comas.</translation>
        </message>
        <message>
            <source>Nivel de registro no válido; use DEBUG, INFO, WARNING o ERROR.</source>
            <translation>Nivel de registro no válido; use DEBUG, INFO, WARNING o ERROR.</translation>
        </message>
        <message>
            <source>El número de peticiones permitidas debe ser mayor que cero (como máximo {maximum}).</source>
            <translation>El número de peticiones permitidas debe ser mayor que cero (como máximo {maximum}).</translation>
        </message>
        <message>
            <source>El periodo del límite de peticiones debe ser de al menos 1 segundo (como máximo {maximum}).</source>
            <translation>El periodo del límite de peticiones debe ser de al menos 1 segundo (como máximo {maximum}).</translation>
        </message>
        <message>
            <source>Los minutos de margen hacia atrás no pueden ser negativos (como máximo {maximum}, una semana).</source>
            <translation>Los minutos de margen hacia atrás no pueden ser negativos (como máximo {maximum}, una semana).</translation>
        </message>
        <message>
            <source>El tamaño de página debe estar entre 1 y {maximum} (QBench no entrega más de {maximum} registros por página).</source>
            <translation>El tamaño de página debe estar entre 1 y {maximum} (QBench no entrega más de {maximum} registros por página).</translation>
        </message>
        <message>
            <source>El puerto de la API debe estar entre 1 y 65535.</source>
            <translation>El puerto de la API debe estar entre 1 y 65535.</translation>
        </message>
        <message>
            <source>Se espera PETICIONES/SEGUNDOS, dos números enteros mayores que 0, por ejemplo 300/60.</source>
            <translation>Se espera PETICIONES/SEGUNDOS, dos números enteros mayores que 0, por ejemplo 300/60.</translation>
        </message>
        <message>
            <source>El valor de {variable} no es válido.</source>
            <translation>El valor de {variable} no es válido.</translation>
        </message>
        <message>
            <source>Se espera un número entero de minutos, 0 o más, por ejemplo 15.</source>
            <translation>Se espera un número entero de minutos, 0 o más, por ejemplo 15.</translation>
        </message>
        <message>
            <source>Este equipo no tiene llavero del sistema: la clave no se puede guardar aquí. Defina la variable de entorno {variable}.</source>
            <translation>Este equipo no tiene llavero del sistema: la clave no se puede guardar aquí. Defina la variable de entorno {variable}.</translation>
        </message>
        <message>
            <source>Este equipo no tiene llavero del sistema: la contraseña de la base de datos no se puede guardar aquí. Defina la variable de entorno {variable}.</source>
            <translation>Este equipo no tiene llavero del sistema: la contraseña de la base de datos no se puede guardar aquí. Defina la variable de entorno {variable}.</translation>
        </message>
        <message>
            <source>No se pudo completar la operación.</source>
            <translation>No se pudo completar la operación.</translation>
        </message>
        <message>
            <source>QBench no respondió a tiempo o está ocupado. Se volverá a intentar más tarde.</source>
            <translation>QBench no respondió a tiempo o está ocupado. Se volverá a intentar más tarde.</translation>
        </message>
        <message>
            <source>No se pudieron copiar los datos de una sección de QBench.</source>
            <translation>No se pudieron copiar los datos de una sección de QBench.</translation>
        </message>
        <message>
            <source>Revise la configuración del programa.</source>
            <translation>Revise la configuración del programa.</translation>
        </message>
        <message>
            <source>La configuración no es válida. Revise los ajustes.</source>
            <translation>La configuración no es válida. Revise los ajustes.</translation>
        </message>
        <message>
            <source>Esta base de datos de respaldo es una copia de {recorded_url}, no de {current_url}. Para no mezclar dos QBench no se copió nada. Elija una base de datos nueva para esta dirección, o vuelva a la dirección anterior en Configuración.</source>
            <translation>Esta base de datos de respaldo es una copia de {recorded_url}, no de {current_url}. Para no mezclar dos QBench no se copió nada. Elija una base de datos nueva para esta dirección, o vuelva a la dirección anterior en Configuración.</translation>
        </message>
        <message>
            <source>QBench rechazó las credenciales. Revise el identificador y la clave de API.</source>
            <translation>QBench rechazó las credenciales. Revise el identificador y la clave de API.</translation>
        </message>
        <message>
            <source>No se puede abrir la base de datos de respaldo. Revise la dirección, que el servidor esté en marcha y que haya espacio en disco.</source>
            <translation>No se puede abrir la base de datos de respaldo. Revise la dirección, que el servidor esté en marcha y que haya espacio en disco.</translation>
        </message>
        <message>
            <source>No se puede escribir en la carpeta {folder}: este usuario no tiene permiso de escritura en ella. Dé permiso de escritura sobre esa carpeta a este usuario, o elija otra ubicación, y vuelva a intentarlo.</source>
            <translation>No se puede escribir en la carpeta {folder}: este usuario no tiene permiso de escritura en ella. Dé permiso de escritura sobre esa carpeta a este usuario, o elija otra ubicación, y vuelva a intentarlo.</translation>
        </message>
        <message>
            <source>No se puede escribir en la carpeta {folder}: está en un disco o unidad de solo lectura. Dé permiso de escritura sobre esa carpeta a este usuario, o elija otra ubicación, y vuelva a intentarlo.</source>
            <translation>No se puede escribir en la carpeta {folder}: está en un disco o unidad de solo lectura. Dé permiso de escritura sobre esa carpeta a este usuario, o elija otra ubicación, y vuelva a intentarlo.</translation>
        </message>
        <message>
            <source>No se puede escribir en la carpeta {folder}: el disco está lleno. Dé permiso de escritura sobre esa carpeta a este usuario, o elija otra ubicación, y vuelva a intentarlo.</source>
            <translation>No se puede escribir en la carpeta {folder}: el disco está lleno. Dé permiso de escritura sobre esa carpeta a este usuario, o elija otra ubicación, y vuelva a intentarlo.</translation>
        </message>
        <message>
            <source>No se puede escribir en la carpeta {folder}: no existe. Dé permiso de escritura sobre esa carpeta a este usuario, o elija otra ubicación, y vuelva a intentarlo.</source>
            <translation>No se puede escribir en la carpeta {folder}: no existe. Dé permiso de escritura sobre esa carpeta a este usuario, o elija otra ubicación, y vuelva a intentarlo.</translation>
        </message>
        <message>
            <source>No se puede escribir en la carpeta {folder}: {reason}. Dé permiso de escritura sobre esa carpeta a este usuario, o elija otra ubicación, y vuelva a intentarlo.</source>
            <translation>No se puede escribir en la carpeta {folder}: {reason}. Dé permiso de escritura sobre esa carpeta a este usuario, o elija otra ubicación, y vuelva a intentarlo.</translation>
        </message>
        <message>
            <source>La base de datos de respaldo está bloqueada por otro programa. Cierre ese programa (o espere a que termine) y vuelva a actualizar; lo ya copiado se conserva.</source>
            <translation>La base de datos de respaldo está bloqueada por otro programa. Cierre ese programa (o espere a que termine) y vuelva a actualizar; lo ya copiado se conserva.</translation>
        </message>
        <message>
            <source>El disco de la base de datos de respaldo está lleno. Libere espacio y vuelva a actualizar; lo ya copiado se conserva.</source>
            <translation>El disco de la base de datos de respaldo está lleno. Libere espacio y vuelva a actualizar; lo ya copiado se conserva.</translation>
        </message>
        <message>
            <source>La base de datos de respaldo es de solo lectura. Revise los permisos del archivo o del servidor y vuelva a actualizar.</source>
            <translation>La base de datos de respaldo es de solo lectura. Revise los permisos del archivo o del servidor y vuelva a actualizar.</translation>
        </message>
        <message>
            <source>Se perdió la conexión con la base de datos de respaldo. Revise que el servidor esté en marcha y vuelva a actualizar; lo ya copiado se conserva.</source>
            <translation>Se perdió la conexión con la base de datos de respaldo. Revise que el servidor esté en marcha y vuelva a actualizar; lo ya copiado se conserva.</translation>
        </message>
        <message>
            <source>No se puede abrir la base de datos de respaldo. Revise la dirección y que el archivo o el servidor estén disponibles.</source>
            <translation>No se puede abrir la base de datos de respaldo. Revise la dirección y que el archivo o el servidor estén disponibles.</translation>
        </message>
        <message>
            <source>La base de datos de respaldo no pudo leer o escribir sus archivos (error del disco). Revise el disco y vuelva a actualizar.</source>
            <translation>La base de datos de respaldo no pudo leer o escribir sus archivos (error del disco). Revise el disco y vuelva a actualizar.</translation>
        </message>
        <message>
            <source>El archivo de la base de datos de respaldo está dañado. Restaure una copia o elija otra base de datos.</source>
            <translation>El archivo de la base de datos de respaldo está dañado. Restaure una copia o elija otra base de datos.</translation>
        </message>
        <message>
            <source>La base de datos de respaldo falló. Los detalles están en el archivo de registro; lo ya copiado se conserva.</source>
            <translation>La base de datos de respaldo falló. Los detalles están en el archivo de registro; lo ya copiado se conserva.</translation>
        </message>
        <message>
            <source>Ya hay una actualización en curso. Espere a que termine e inténtelo de nuevo.</source>
            <translation>Ya hay una actualización en curso. Espere a que termine e inténtelo de nuevo.</translation>
        </message>
        <message>
            <source>La actualización falló.</source>
            <translation>La actualización falló.</translation>
        </message>
        <message>
            <source>Falló: {sections}</source>
            <translation>Falló: {sections}</translation>
        </message>
        <message>
            <source>QBench rechazó la autenticación porque el reloj de este equipo no coincide con el del servidor. Ajuste la fecha y la hora del equipo.</source>
            <translation>QBench rechazó la autenticación porque el reloj de este equipo no coincide con el del servidor. Ajuste la fecha y la hora del equipo.</translation>
        </message>
        <message>
            <source>No se pudo conectar con QBench. Revise la dirección del servidor y la conexión a Internet, o inténtelo más tarde.</source>
            <translation>No se pudo conectar con QBench. Revise la dirección del servidor y la conexión a Internet, o inténtelo más tarde.</translation>
        </message>
        <message>
            <source>QBench rechazó la consulta {method} {path} (error {status}). El detalle técnico está en el registro.</source>
            <translation>QBench rechazó la consulta {method} {path} (error {status}). El detalle técnico está en el registro.</translation>
        </message>
        <message>
            <source>QBench devolvió una respuesta con un formato inesperado ({path}).</source>
            <translation>QBench devolvió una respuesta con un formato inesperado ({path}).</translation>
        </message>
        <message>
            <source>QBench devolvió una respuesta con un formato inesperado ({path}, página {page}).</source>
            <translation>QBench devolvió una respuesta con un formato inesperado ({path}, página {page}).</translation>
        </message>
        <message>
            <source>QBench no respondió correctamente tras {attempts} intentos ({method} {path}). Último error: HTTP {status}.</source>
            <translation>QBench no respondió correctamente tras {attempts} intentos ({method} {path}). Último error: HTTP {status}.</translation>
        </message>
        <message>
            <source>QBench no respondió correctamente tras {attempts} intentos ({method} {path}, página {page}). Último error: HTTP {status}.</source>
            <translation>QBench no respondió correctamente tras {attempts} intentos ({method} {path}, página {page}). Último error: HTTP {status}.</translation>
        </message>
        <message>
            <source>QBench no respondió correctamente tras {attempts} intentos ({method} {path}). No se pudo conectar o la conexión se cortó; revise la conexión a Internet.</source>
            <translation>QBench no respondió correctamente tras {attempts} intentos ({method} {path}). No se pudo conectar o la conexión se cortó; revise la conexión a Internet.</translation>
        </message>
        <message>
            <source>QBench no respondió correctamente tras {attempts} intentos ({method} {path}, página {page}). No se pudo conectar o la conexión se cortó; revise la conexión a Internet.</source>
            <translation>QBench no respondió correctamente tras {attempts} intentos ({method} {path}, página {page}). No se pudo conectar o la conexión se cortó; revise la conexión a Internet.</translation>
        </message>
        <message>
            <source>La actualización anterior se interrumpió (el programa o el equipo se cerró mientras copiaba). Lo ya copiado se conserva; la próxima actualización sigue desde ahí.</source>
            <translation>La actualización anterior se interrumpió (el programa o el equipo se cerró mientras copiaba). Lo ya copiado se conserva; la próxima actualización sigue desde ahí.</translation>
        </message>
        <message>
            <source>La última actualización omitió secciones sin permiso; el resto se copió.</source>
            <translation>La última actualización omitió secciones sin permiso; el resto se copió.</translation>
        </message>
        <message>
            <source>La última actualización se canceló; se conservan los datos copiados.</source>
            <translation>La última actualización se canceló; se conservan los datos copiados.</translation>
        </message>
        <message>
            <source>La última actualización usó otra base de datos ({database}) y falló: {reason}</source>
            <translation>La última actualización usó otra base de datos ({database}) y falló: {reason}</translation>
        </message>
        <message>
            <source>sin detalle.</source>
            <translation>sin detalle.</translation>
        </message>
        <message>
            <source>La última actualización se guardó en otra base de datos ({other}), no en la que se muestra aquí ({shown}).</source>
            <translation>La última actualización se guardó en otra base de datos ({other}), no en la que se muestra aquí ({shown}).</translation>
        </message>
        <message>
            <source>El último respaldo correcto tiene más de {hours} horas.</source>
            <translation>El último respaldo correcto tiene más de {hours} horas.</translation>
        </message>
        <message>
            <source>La última actualización falló.</source>
            <translation>La última actualización falló.</translation>
        </message>
        <message>
            <source>la dirección de QBench (QBENCH_BASE_URL)</source>
            <translation>la dirección de QBench (QBENCH_BASE_URL)</translation>
        </message>
        <message>
            <source>el Client ID (QBENCH_CLIENT_ID)</source>
            <translation>el Client ID (QBENCH_CLIENT_ID)</translation>
        </message>
        <message>
            <source>la clave (llavero del sistema o QBENCH_CLIENT_SECRET)</source>
            <translation>la clave (llavero del sistema o QBENCH_CLIENT_SECRET)</translation>
        </message>
        <message>
            <source>Falta configurar la conexión con QBench: {missing}. Ábralo en Configuración.</source>
            <translation>Falta configurar la conexión con QBench: {missing}. Ábralo en Configuración.</translation>
        </message>
        <message>
            <source>El puerto {port} ya está en uso por otro programa: la API local no se inició. Elija otro puerto en Configuración.</source>
            <translation>El puerto {port} ya está en uso por otro programa: la API local no se inició. Elija otro puerto en Configuración.</translation>
        </message>
        <message>
            <source>La API local no puede escuchar en {host}:{port}. Revise la dirección y el puerto en Configuración.</source>
            <translation>La API local no puede escuchar en {host}:{port}. Revise la dirección y el puerto en Configuración.</translation>
        </message>
        <message>
            <source>La dirección de la base de datos SQLite no indica ningún archivo. Escriba uno, por ejemplo sqlite:///respaldo.sqlite3 (en la carpeta de datos) o una ruta completa.</source>
            <translation>La dirección de la base de datos SQLite no indica ningún archivo. Escriba uno, por ejemplo sqlite:///respaldo.sqlite3 (en la carpeta de datos) o una ruta completa.</translation>
        </message>
        <message>
            <source>La ruta de la base de datos SQLite debe ser completa, por ejemplo sqlite:///C:/datos/qbench.sqlite3.</source>
            <translation>La ruta de la base de datos SQLite debe ser completa, por ejemplo sqlite:///C:/datos/qbench.sqlite3.</translation>
        </message>
        <message>
            <source>La carpeta {folder} de la base de datos no existe. Créela o elija otra ruta en Configuración.</source>
            <translation>La carpeta {folder} de la base de datos no existe. Créela o elija otra ruta en Configuración.</translation>
        </message>
        <message>
            <source>PostgreSQL rechazó el usuario o la contraseña. Escriba la contraseña en Configuración → Contraseña (PostgreSQL), o en la variable QBENCH_BACKUP_DB_PASSWORD.</source>
            <translation>PostgreSQL rechazó el usuario o la contraseña. Escriba la contraseña en Configuración → Contraseña (PostgreSQL), o en la variable QBENCH_BACKUP_DB_PASSWORD.</translation>
        </message>
        <message>
            <source>La base de datos «{name}» no existe en el servidor PostgreSQL. Créela o revise la dirección en Configuración.</source>
            <translation>La base de datos «{name}» no existe en el servidor PostgreSQL. Créela o revise la dirección en Configuración.</translation>
        </message>
        <message>
            <source>No se pudo conectar con el servidor PostgreSQL. Revise que esté en marcha y la dirección en Configuración.</source>
            <translation>No se pudo conectar con el servidor PostgreSQL. Revise que esté en marcha y la dirección en Configuración.</translation>
        </message>
        <message>
            <source>No se pudo conectar con el servidor PostgreSQL {server}. Revise que esté en marcha y la dirección en Configuración.</source>
            <translation>No se pudo conectar con el servidor PostgreSQL {server}. Revise que esté en marcha y la dirección en Configuración.</translation>
        </message>
        <message>
            <source>No se puede abrir el archivo de la base de datos {path}. Revise la ruta y los permisos.</source>
            <translation>No se puede abrir el archivo de la base de datos {path}. Revise la ruta y los permisos.</translation>
        </message>
        <message>
            <source>La base de datos PostgreSQL usa la codificación {encoding}, que no admite todos los caracteres de QBench. Cree una base de datos en UTF8 ({statement}) y elíjala en Configuración.</source>
            <translation>La base de datos PostgreSQL usa la codificación {encoding}, que no admite todos los caracteres de QBench. Cree una base de datos en UTF8 ({statement}) y elíjala en Configuración.</translation>
        </message>
        <message>
            <source>El disco de la carpeta de documentos {folder} está lleno. Libere espacio y vuelva a actualizar; lo ya copiado se conserva.</source>
            <translation>El disco de la carpeta de documentos {folder} está lleno. Libere espacio y vuelva a actualizar; lo ya copiado se conserva.</translation>
        </message>
        <message>
            <source>No se puede escribir en la carpeta de documentos {folder}. Dé permiso de escritura sobre esa carpeta a este usuario, o elija otra en Configuración, y vuelva a actualizar.</source>
            <translation>No se puede escribir en la carpeta de documentos {folder}. Dé permiso de escritura sobre esa carpeta a este usuario, o elija otra en Configuración, y vuelva a actualizar.</translation>
        </message>
        <message>
            <source>No se pudo escribir un documento en la carpeta {folder} (error del disco). Revise el disco o la unidad de red y vuelva a actualizar.</source>
            <translation>No se pudo escribir un documento en la carpeta {folder} (error del disco). Revise el disco o la unidad de red y vuelva a actualizar.</translation>
        </message>
        <message>
            <source>La carpeta de documentos {folder} no existe (¿una unidad de red sin conectar?). Conéctela o créela, o elija otra en Configuración, y vuelva a actualizar.</source>
            <translation>La carpeta de documentos {folder} no existe (¿una unidad de red sin conectar?). Conéctela o créela, o elija otra en Configuración, y vuelva a actualizar.</translation>
        </message>
        <message>
            <source>Un documento descargado no tiene el tamaño que indicó QBench; no se guardó y se volverá a descargar en la próxima actualización.</source>
            <translation>Un documento descargado no tiene el tamaño que indicó QBench; no se guardó y se volverá a descargar en la próxima actualización.</translation>
        </message>
        <message>
            <source>La base de datos fue creada por una versión más nueva de QBench Backup. Actualice el programa o elija otra base de datos.</source>
            <translation>La base de datos fue creada por una versión más nueva de QBench Backup. Actualice el programa o elija otra base de datos.</translation>
        </message>
        <message>
            <source>La última actualización fue correcta, pero no incluyó {entities}, que falló en una actualización anterior.</source>
            <translation>La última actualización fue correcta, pero no incluyó {entities}, que falló en una actualización anterior.</translation>
        </message>
        <message>
            <source>Sin permiso para {entity}: conceda el alcance {scope} al cliente de la API en QBench.</source>
            <translation>Sin permiso para {entity}: conceda el alcance {scope} al cliente de la API en QBench.</translation>
        </message>
        <message>
            <source>QBench no ofrece {entity} en este servidor (respuesta 404); se omite.</source>
            <translation>QBench no ofrece {entity} en este servidor (respuesta 404); se omite.</translation>
        </message>
        <message>
            <source>Se omite {entity} porque no se pudo leer {parent}.</source>
            <translation>Se omite {entity} porque no se pudo leer {parent}.</translation>
        </message>
        <message>
            <source>Actualización cancelada: se conservan los datos ya copiados.</source>
            <translation>Actualización cancelada: se conservan los datos ya copiados.</translation>
        </message>
        <message>
            <source>Sin permiso para {count} secciones ({names}): conceda al cliente de la API en QBench los alcances {scopes}.</source>
            <translation>Sin permiso para {count} secciones ({names}): conceda al cliente de la API en QBench los alcances {scopes}.</translation>
        </message>
        <message>
            <source>QBench no ofrece {names} en este servidor (respuesta 404); se omiten.</source>
            <translation>QBench no ofrece {names} en este servidor (respuesta 404); se omiten.</translation>
        </message>
        <message>
            <source>Se omiten {names} porque no se pudo leer la sección de la que dependen.</source>
            <translation>Se omiten {names} porque no se pudo leer la sección de la que dependen.</translation>
        </message>
        <message>
            <source>{first} y {last}</source>
            <translation>{first} y {last}</translation>
        </message>
        <message>
            <source>La lista de informes de QBench cambió mientras se leía; el próximo respaldo lo intentará de nuevo.</source>
            <translation>La lista de informes de QBench cambió mientras se leía; el próximo respaldo lo intentará de nuevo.</translation>
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
            <source>omitida: sin permiso</source>
            <translation>omitida: sin permiso</translation>
        </message>
        <message>
            <source>omitida: no existe en QBench</source>
            <translation>omitida: no existe en QBench</translation>
        </message>
        <message>
            <source>omitida</source>
            <translation>omitida</translation>
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
            <source>Se omitió {n} sección (en ámbar en la tabla):</source>
            <translation>Se omitió {n} sección (en ámbar en la tabla):</translation>
        </message>
        <message>
            <source>Se omitieron {n} secciones (en ámbar en la tabla):</source>
            <translation>Se omitieron {n} secciones (en ámbar en la tabla):</translation>
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
        <message>
            <source>parcial</source>
            <translation>parcial</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Bienvenido. Para copiar sus datos, indique la dirección de su QBench y las credenciales de la API (Client ID y clave). La clave se guarda en el llavero del sistema, nunca en un archivo.</source>
            <translation>Bienvenido. Para copiar sus datos, indique la dirección de su QBench y las credenciales de la API (Client ID y clave). La clave se guarda en el llavero del sistema, nunca en un archivo.</translation>
        </message>
        <message>
            <source>Bienvenido. Para copiar sus datos, indique la dirección de su QBench y las credenciales de la API (Client ID y clave). Este equipo no tiene llavero del sistema: la clave no se guarda aquí, se toma de una variable de entorno (vea la nota bajo la clave).</source>
            <translation>Bienvenido. Para copiar sus datos, indique la dirección de su QBench y las credenciales de la API (Client ID y clave). Este equipo no tiene llavero del sistema: la clave no se guarda aquí, se toma de una variable de entorno (vea la nota bajo la clave).</translation>
        </message>
        <message>
            <source>Todo (para soporte)</source>
            <translation>Todo (para soporte)</translation>
        </message>
        <message>
            <source>Normal</source>
            <translation>Normal</translation>
        </message>
        <message>
            <source>Solo avisos y errores</source>
            <translation>Solo avisos y errores</translation>
        </message>
        <message>
            <source>Solo errores</source>
            <translation>Solo errores</translation>
        </message>
        <message>
            <source>guardada en el llavero (escriba para cambiarla)</source>
            <translation>guardada en el llavero (escriba para cambiarla)</translation>
        </message>
        <message>
            <source>solo para probar: este equipo no puede guardarla</source>
            <translation>solo para probar: este equipo no puede guardarla</translation>
        </message>
        <message>
            <source>la clave</source>
            <translation>la clave</translation>
        </message>
        <message>
            <source>la contraseña</source>
            <translation>la contraseña</translation>
        </message>
        <message>
            <source>En una ventana de comandos: setx {name} "su-valor"
(la tarea programada, que se ejecuta con su usuario, también la ve; vuelva a abrir el programa después).</source>
            <translation>En una ventana de comandos: setx {name} "su-valor"
(la tarea programada, que se ejecuta con su usuario, también la ve; vuelva a abrir el programa después).</translation>
        </message>
        <message>
            <source>En crontab -e, encima de la línea del respaldo: {name}=su-valor
Para la ventana, en ~/.profile: export {name}='su-valor'</source>
            <translation>En crontab -e, encima de la línea del respaldo: {name}=su-valor
Para la ventana, en ~/.profile: export {name}='su-valor'</translation>
        </message>
        <message>
            <source>Este equipo no tiene llavero del sistema; {what} se toma de la variable de entorno {name}, que ya está definida.</source>
            <translation>Este equipo no tiene llavero del sistema; {what} se toma de la variable de entorno {name}, que ya está definida.</translation>
        </message>
        <message>
            <source>Este equipo no tiene llavero del sistema, así que {what} no se puede guardar aquí. Lo que sí funciona: defina la variable de entorno {name}.</source>
            <translation>Este equipo no tiene llavero del sistema, así que {what} no se puede guardar aquí. Lo que sí funciona: defina la variable de entorno {name}.</translation>
        </message>
        <message>
            <source>Copia también la hoja de trabajo de cada prueba y de cada lote: una petición por cada uno la primera vez; después, solo los nuevos o modificados.</source>
            <translation>Copia también la hoja de trabajo de cada prueba y de cada lote: una petición por cada uno la primera vez; después, solo los nuevos o modificados.</translation>
        </message>
        <message>
            <source>{what} No se pudo leer el respaldo para calcular el coste: {reason}</source>
            <translation>{what} No se pudo leer el respaldo para calcular el coste: {reason}</translation>
        </message>
        <message>
            <source>{what} Calculando el coste de la primera copia…</source>
            <translation>{what} Calculando el coste de la primera copia…</translation>
        </message>
        <message>
            <source>{what} El respaldo aún no tiene pruebas ni lotes: el coste se verá después de la primera actualización.</source>
            <translation>{what} El respaldo aún no tiene pruebas ni lotes: el coste se verá después de la primera actualización.</translation>
        </message>
        <message>
            <source>{name}: {n}</source>
            <translation>{name}: {n}</translation>
        </message>
        <message>
            <source>{what} Primera copia: {requests} peticiones ({parts}), unas {time} con el límite de peticiones configurado.</source>
            <translation>{what} Primera copia: {requests} peticiones ({parts}), unas {time} con el límite de peticiones configurado.</translation>
        </message>
        <message>
            <source>Configuración</source>
            <translation>Configuración</translation>
        </message>
        <message>
            <source>Guardar</source>
            <translation>Guardar</translation>
        </message>
        <message>
            <source>Cancelar</source>
            <translation>Cancelar</translation>
        </message>
        <message>
            <source>Conexión con QBench</source>
            <translation>Conexión con QBench</translation>
        </message>
        <message>
            <source>Dirección de QBench</source>
            <translation>Dirección de QBench</translation>
        </message>
        <message>
            <source>Client ID</source>
            <translation>Client ID</translation>
        </message>
        <message>
            <source>Clave (client secret)</source>
            <translation>Clave (client secret)</translation>
        </message>
        <message>
            <source>Probar conexión</source>
            <translation>Probar conexión</translation>
        </message>
        <message>
            <source>Base de datos de respaldo</source>
            <translation>Base de datos de respaldo</translation>
        </message>
        <message>
            <source>vacío: el archivo SQLite por defecto</source>
            <translation>vacío: el archivo SQLite por defecto</translation>
        </message>
        <message>
            <source>Dirección</source>
            <translation>Dirección</translation>
        </message>
        <message>
            <source>Archivo por defecto: {path}</source>
            <translation>Archivo por defecto: {path}</translation>
        </message>
        <message>
            <source>PostgreSQL: postgresql://usuario@servidor:5432/basedatos</source>
            <translation>PostgreSQL: postgresql://usuario@servidor:5432/basedatos</translation>
        </message>
        <message>
            <source>Contraseña (PostgreSQL)</source>
            <translation>Contraseña (PostgreSQL)</translation>
        </message>
        <message>
            <source>Probar base de datos</source>
            <translation>Probar base de datos</translation>
        </message>
        <message>
            <source>vacío: {path}</source>
            <translation>vacío: {path}</translation>
        </message>
        <message>
            <source>Carpeta de documentos</source>
            <translation>Carpeta de documentos</translation>
        </message>
        <message>
            <source>Servidor REST local (solo lectura)</source>
            <translation>Servidor REST local (solo lectura)</translation>
        </message>
        <message>
            <source>Activar el servidor REST local</source>
            <translation>Activar el servidor REST local</translation>
        </message>
        <message>
            <source>Dirección en la que escucha</source>
            <translation>Dirección en la que escucha</translation>
        </message>
        <message>
            <source>Puerto</source>
            <translation>Puerto</translation>
        </message>
        <message>
            <source>Permitir iniciar respaldos desde la API</source>
            <translation>Permitir iniciar respaldos desde la API</translation>
        </message>
        <message>
            <source>vacío: ninguno (http://localhost:3000, …)</source>
            <translation>vacío: ninguno (http://localhost:3000, …)</translation>
        </message>
        <message>
            <source>Orígenes CORS permitidos</source>
            <translation>Orígenes CORS permitidos</translation>
        </message>
        <message>
            <source>Qué se copia</source>
            <translation>Qué se copia</translation>
        </message>
        <message>
            <source>Hojas de trabajo detalladas</source>
            <translation>Hojas de trabajo detalladas</translation>
        </message>
        <message>
            <source>Avanzado</source>
            <translation>Avanzado</translation>
        </message>
        <message>
            <source>Peticiones permitidas</source>
            <translation>Peticiones permitidas</translation>
        </message>
        <message>
            <source>…por periodo de</source>
            <translation>…por periodo de</translation>
        </message>
        <message>
            <source> min</source>
            <translation> min</translation>
        </message>
        <message>
            <source>Margen hacia atrás</source>
            <translation>Margen hacia atrás</translation>
        </message>
        <message>
            <source> registros</source>
            <translation> registros</translation>
        </message>
        <message>
            <source>Tamaño de página</source>
            <translation>Tamaño de página</translation>
        </message>
        <message>
            <source>Nivel del registro</source>
            <translation>Nivel del registro</translation>
        </message>
        <message>
            <source>Restablecer valores por defecto</source>
            <translation>Restablecer valores por defecto</translation>
        </message>
        <message>
            <source>DEMO · Estos ajustes valen solo para esta demostración mientras la ventana esté abierta: no se guardan en su archivo de ajustes. El simulador de QBench incluido hace de QBench, así que no hace falta dirección ni credenciales.</source>
            <translation>DEMO · Estos ajustes valen solo para esta demostración mientras la ventana esté abierta: no se guardan en su archivo de ajustes. El simulador de QBench incluido hace de QBench, así que no hace falta dirección ni credenciales.</translation>
        </message>
        <message>
            <source>el simulador incluido</source>
            <translation>el simulador incluido</translation>
        </message>
        <message>
            <source>la base de datos de la demostración</source>
            <translation>la base de datos de la demostración</translation>
        </message>
        <message>
            <source>Base de datos de la demostración: {path}</source>
            <translation>Base de datos de la demostración: {path}</translation>
        </message>
        <message>
            <source>No escriba la contraseña en la dirección: escríbala en el campo Contraseña (se guarda en el llavero del sistema).</source>
            <translation>No escriba la contraseña en la dirección: escríbala en el campo Contraseña (se guarda en el llavero del sistema).</translation>
        </message>
        <message>
            <source>La contraseña solo se usa con PostgreSQL.</source>
            <translation>La contraseña solo se usa con PostgreSQL.</translation>
        </message>
        <message>
            <source> y </source>
            <translation> y </translation>
        </message>
        <message>
            <source>Ajustes guardados, excepto {what}: este equipo no tiene llavero del sistema. Use la variable de entorno indicada en la nota.</source>
            <translation>Ajustes guardados, excepto {what}: este equipo no tiene llavero del sistema. Use la variable de entorno indicada en la nota.</translation>
        </message>
        <message>
            <source>Escriba la clave (client secret) de la API.</source>
            <translation>Escriba la clave (client secret) de la API.</translation>
        </message>
        <message>
            <source>Probando…</source>
            <translation>Probando…</translation>
        </message>
        <message>
            <source>Conexión correcta: QBench aceptó las credenciales ({total} registros visibles en la prueba).</source>
            <translation>Conexión correcta: QBench aceptó las credenciales ({total} registros visibles en la prueba).</translation>
        </message>
        <message>
            <source>La base de datos responde.</source>
            <translation>La base de datos responde.</translation>
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
