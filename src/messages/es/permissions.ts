import type { Permission, Role } from '../../access/index.ts';

/**
 * Los nombres de los roles y lo que permite cada permiso, en castellano: el catálogo de permisos
 * (src/access/permissions.ts) guarda solo los códigos. Tipado por código: un rol o un permiso nuevo
 * sin sus palabras no compila.
 */

export const ROLE_WORDS_ES: Readonly<Record<Role, string>> = {
  administrator: 'Administrador de cuentas',
  bono_officer: 'Oficial del Bono',
  bono_approver: 'Aprobador del Bono',
  auditor: 'Auditor',
  bank: 'Banco pagador',
  monitoring: 'Sistema de monitoreo',
  vaccinator: 'Vacunador',
  site_manager: 'Responsable de punto de vacunación',
  sedes_officer: 'Oficial del SEDES',
  tax_officer: 'Fiscalizador del impuesto a las grandes fortunas',
  tax_collector: 'Recaudador del impuesto a las grandes fortunas',
  tax_analyst: 'Analista de política tributaria',
  tax_representative: 'Representante de contribuyentes del impuesto a las grandes fortunas',
  case_investigator: 'Investigador de casos',
  case_analyst: 'Analista de casos',
  case_prosecutor_liaison: 'Enlace con la Fiscalía',
  victims_representative: 'Representante de víctimas',
};

export const PERMISSION_WORDS_ES: Readonly<Record<Permission, string>> = {
  'registry.read': 'Consultar el registro de personas',
  'registry.import': 'Importar personas y listas de otras instituciones',
  'registry.merge_propose': 'Proponer la fusión de dos personas duplicadas del registro',
  'registry.merge_approve': 'Aprobar, rechazar o deshacer la fusión de dos personas del registro',
  'entitlements.read': 'Consultar si una persona es beneficiaria y por qué',
  'rounds.read': 'Ver las rondas de pago',
  'rounds.create': 'Crear una ronda de pago',
  'rounds.approve': 'Aprobar una ronda de pago',
  'payments.read': 'Seguir pagos, depósitos y conciliación',
  'payments.pay': 'Registrar un pago en ventanilla',
  'deposits.manage': 'Generar archivos de depósito y conciliar respuestas del banco',
  'grievances.read': 'Ver los reclamos',
  'grievances.resolve': 'Resolver reclamos',
  'audit.read': 'Leer y verificar la bitácora de auditoría',
  'accounts.read': 'Ver cuentas y credenciales',
  'accounts.manage': 'Crear cuentas, cambiar roles, deshabilitar',
  'credentials.manage': 'Emitir y revocar credenciales de API',
  'metrics.read': 'Leer las métricas del servidor (GET /metrics)',
  'vaccination.read': 'Ver vacunas, lotes, existencias, puntos de vacunación y alertas',
  'vaccination.administer': 'Registrar dosis aplicadas en un punto de vacunación',
  'vaccination.stock': 'Registrar lotes, recepciones, traslados y bajas de dosis',
  'vaccination.sites': 'Crear y modificar puntos de vacunación, horarios y capacidad',
  'certificates.issue': 'Emitir el certificado de vacunación de una persona',
  'certificates.manage': 'Revocar certificados de vacunación y administrar las claves de firma',
  'wealth_tax.read':
    'Ver contribuyentes del impuesto a las grandes fortunas, sus declaraciones, liquidaciones y saldos',
  'wealth_tax.assess':
    'Registrar contribuyentes, presentar, importar y rectificar declaraciones y emitir avisos',
  'wealth_tax.collect': 'Registrar pagos del impuesto y devolver o trasladar pagos en exceso',
  'wealth_tax.simulate': 'Simular la recaudación del impuesto con otras reglas (sin datos de contribuyentes)',
  'wealth_tax.represent':
    'Declarar, rectificar y ver la liquidación, el saldo y los avisos de los contribuyentes que le dieron mandato',
  'cases.read': 'Leer los expedientes de las investigaciones en cuyo equipo está',
  'cases.write':
    'Registrar hechos, personas, evidencia, custodia y testimonios (según la función en el equipo)',
  'cases.manage': 'Abrir investigaciones y administrar sus equipos',
};
