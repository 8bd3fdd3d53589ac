import { PERMISSIONS, type Permission, ROLES, type Role } from '../../../access/index.ts';

/**
 * Las páginas del administrador (cuentas, roles, credenciales de API) y del auditor (la bitácora de
 * auditoría y su verificación), y lo que el inicio de la oficina dice que cada lector puede hacer.
 * Los nombres de los roles y de los permisos son los del catálogo de permisos (src/access/permissions.ts).
 */

const ROLE_WORDS = Object.fromEntries(Object.entries(ROLES).map(([k, r]) => [k, r.es])) as Record<
  Role,
  string
>;
const PERMISSION_WORDS = Object.fromEntries(Object.entries(PERMISSIONS).map(([k, p]) => [k, p.es])) as Record<
  Permission,
  string
>;

export const ACCESS_PAGES_ES = {
  /** Las secciones nuevas de la navegación y del inicio. */
  screens: {
    accounts: {
      title: 'Cuentas',
      description: 'Las cuentas de los funcionarios, sus roles y su último ingreso.',
    },
    credentials: {
      title: 'Credenciales',
      description: 'Las credenciales de API de bancos y otros sistemas.',
    },
    audit: {
      title: 'Bitácora',
      description: 'Las últimas entradas de la bitácora de auditoría y la verificación de su cadena.',
    },
  },
  roles: ROLE_WORDS,
  permissions: PERMISSION_WORDS,
  home: {
    canDo: 'Aquí puede:',
  },
  state: {
    active: 'Activa',
    disabled: 'Deshabilitada',
    revoked: 'Revocada',
    never: 'Nunca',
  },
  accounts: {
    title: 'Cuentas',
    caption: 'Cuentas de funcionarios',
    name: 'Nombre',
    username: 'Usuario',
    roles: 'Roles',
    state: 'Estado',
    lastSignIn: 'Último ingreso',
    none: 'Todavía no hay cuentas.',
    create: 'Crear una cuenta',
    open: (name: string) => `Ver la cuenta de ${name}`,
  },
  newAccount: {
    title: 'Crear una cuenta',
    username: 'Usuario',
    usernameHint:
      'De 3 a 64 caracteres: letras minúsculas, cifras, punto, guion o guion bajo; empieza con una letra.',
    displayName: 'Nombre para mostrar',
    displayNameHint: 'Como aparece en la oficina. Si lo deja vacío, se usa el usuario.',
    roles: 'Roles',
    rolesHint: 'Marque al menos uno. Cada rol da solo los permisos que necesita.',
    password: 'Contraseña inicial',
    passwordHint: (min: string) =>
      `Al menos ${min} caracteres; mejor tres o cuatro palabras separadas por espacios. Désela al funcionario por un medio seguro.`,
    confirm: 'Repita la contraseña',
    submit: 'Crear la cuenta',
    refused: 'No se creó la cuenta',
  },
  passwords: {
    missing: 'Escriba la contraseña.',
    differ: 'Las dos contraseñas no coinciden. Escríbalas de nuevo.',
  },
  account: {
    title: (name: string) => `Cuenta de ${name}`,
    notFound: 'No existe esa cuenta. Puede que el enlace esté mal escrito.',
    back: 'Volver a las cuentas',
    created: 'Creada',
    passwordChanged: 'Contraseña cambiada',
    done: {
      created: 'La cuenta fue creada. Ya puede ingresar con la contraseña inicial.',
      roles: 'Los roles fueron cambiados. Rigen desde el próximo pedido de sus sesiones.',
      disabled: 'La cuenta fue deshabilitada y sus sesiones terminaron.',
      enabled: 'La cuenta fue habilitada de nuevo.',
      password: 'La contraseña fue cambiada y las sesiones de la cuenta terminaron.',
      unlocked: 'Se borraron los intentos fallidos: la cuenta puede volver a ingresar ahora.',
      notLocked: 'La cuenta no tenía intentos fallidos: no estaba bloqueada.',
    },
    rolesTitle: 'Cambiar los roles',
    saveRoles: 'Guardar los roles',
    stateTitle: 'Habilitar o deshabilitar',
    disableHint: 'Deshabilitar termina sus sesiones al instante; la cuenta no se borra y su historia queda.',
    disable: 'Deshabilitar la cuenta',
    enable: 'Habilitar la cuenta',
    unlockTitle: 'Desbloquear',
    unlockHint:
      'Tras varios intentos fallidos la cuenta queda bloqueada un tiempo. Desbloquéela si el funcionario llamó y usted confirmó quién es.',
    unlock: 'Desbloquear la cuenta',
    passwordTitle: 'Poner una contraseña nueva',
    passwordHint: (min: string) =>
      `Al menos ${min} caracteres. Sus sesiones abiertas terminan; désela al funcionario por un medio seguro.`,
    newPassword: 'Contraseña nueva',
    confirm: 'Repita la contraseña nueva',
    setPassword: 'Cambiar la contraseña',
    refused: 'No se hizo el cambio',
  },
  credentials: {
    title: 'Credenciales',
    notFound: 'No existe esa credencial. Puede que el enlace esté mal escrito.',
    caption: 'Credenciales de API',
    id: 'Identificador',
    holder: 'Titular',
    description: 'Descripción',
    roles: 'Roles',
    created: 'Emitida',
    lastUsed: 'Último uso',
    state: 'Estado',
    revokedOn: (when: string) => `Revocada el ${when}`,
    personal: (name: string) => `${name} (credencial personal)`,
    none: 'Todavía no hay credenciales.',
    issue: 'Emitir una credencial',
    revoke: 'Revocar',
    revokeLabel: (id: string) => `Revocar la credencial ${id}`,
    revoked: (id: string) => `La credencial ${id} fue revocada: su próximo pedido será rechazado.`,
    refused: 'No se revocó la credencial',
  },
  newCredential: {
    title: 'Emitir una credencial',
    organisation: 'Organización',
    organisationHint:
      'Un banco, por su código BIC (por ejemplo BUNIBOLX); otra institución, por un código en mayúsculas.',
    description: 'Para qué es',
    descriptionHint: 'Por ejemplo: la API de pagos de un banco pagador. Hasta 200 caracteres.',
    roles: 'Roles',
    rolesHint: 'Solo los roles para sistemas. Marque al menos uno.',
    submit: 'Emitir la credencial',
    refused: 'No se emitió la credencial',
  },
  issued: {
    title: 'Credencial emitida',
    warning: 'Copie este código ahora: no se mostrará nunca más.',
    warningBody:
      'ayni guarda solo una huella del código, no el código. Entréguelo a la organización por un medio seguro; si se pierde, revoque la credencial y emita otra.',
    token: 'Código de la credencial',
    usage: 'El sistema lo envía en cada pedido, en el encabezado Authorization: Bearer seguido del código.',
    gone: 'El código ya fue mostrado',
    goneBody:
      'El código de una credencial se muestra una sola vez, al emitirla. Si no lo guardó, revóquela y emita otra.',
    back: 'Volver a las credenciales',
  },
  /** An officer's own personal credential, for the command line (AYNI_CREDENTIAL). */
  personal: {
    link: 'Su credencial personal para la línea de comandos',
    title: 'Su credencial personal',
    intro:
      'Con una credencial personal usted usa los comandos de ayni sin escribir su contraseña en cada uno: actúa con los roles de su cuenta y la bitácora lo registra a su nombre. Es solo suya: no la comparta.',
    description: 'Para qué es',
    descriptionHint: 'Por ejemplo: la computadora de mi oficina. Hasta 200 caracteres.',
    password: 'Su contraseña',
    passwordHint:
      'La misma con la que ingresó a la oficina: se pide otra vez antes de emitir una credencial.',
    submit: 'Emitir mi credencial',
    refused: 'No se emitió la credencial',
    warningBody:
      'ayni guarda solo una huella del código, no el código. Guárdelo donde solo usted pueda leerlo; si se pierde, pida que la revoquen y emita otra.',
    usage:
      'En la línea de comandos, póngalo en la variable AYNI_CREDENTIAL: cada comando actúa entonces como usted.',
    back: 'Volver al inicio de la oficina',
  },
  audit: {
    title: 'Bitácora de auditoría',
    intro:
      'Cada cambio en datos que deciden quién recibe qué queda aquí, encadenado por huellas: cambiar o borrar una entrada rompe la cadena.',
    caption: 'Entradas de la bitácora, de la más reciente a la más antigua',
    seq: 'N.º',
    at: 'Cuándo',
    actor: 'Quién',
    action: 'Qué hizo',
    entity: 'Sobre',
    empty: 'La bitácora todavía no tiene entradas.',
    older: 'Entradas anteriores',
    newest: 'Las más recientes',
    verify: 'Verificar la cadena',
    verifyHint:
      'Recalcula la huella de cada entrada desde la primera. En una bitácora larga puede tardar unos minutos.',
    verifiedOk: 'La cadena está intacta',
    verifiedOkBody: (entries: string, seq: string) =>
      `Se verificaron ${entries} entradas; la última es la número ${seq}. Anote su huella en un lugar que el dueño de la base de datos no pueda cambiar: sirve para comprobar más tarde que nada anterior cambió.`,
    headHash: 'Huella de la última entrada',
    verifiedEmpty: 'La bitácora está vacía: no hay nada que verificar.',
    broken: 'La cadena está rota',
    brokenBody: (seq: string, checked: string) =>
      `El problema se ve en la entrada número ${seq}, después de verificar ${checked} entradas correctas.`,
    problem: {
      altered: 'Una entrada fue alterada: su contenido ya no corresponde a su huella.',
      removed: 'Faltan entradas: la numeración salta o la cadena termina antes de lo registrado.',
      reordered: 'Las entradas fueron reordenadas: una está enlazada a otra que no es la anterior.',
      head_mismatch: 'La cabeza de la cadena no corresponde a la última entrada.',
      anchor_mismatch: 'Una entrada no corresponde a la huella anotada fuera de la base de datos.',
    },
  },
  /** Las acciones de la bitácora (`<cosa>.<verbo>`), en palabras. */
  actions: {
    'account.created': 'Creó una cuenta',
    'account.roles_changed': 'Cambió los roles de una cuenta',
    'account.disabled': 'Deshabilitó una cuenta',
    'account.enabled': 'Habilitó una cuenta',
    'account.password_set': 'Puso una contraseña nueva',
    'account.unlocked': 'Desbloqueó una cuenta',
    'account.locked': 'Cuenta bloqueada por intentos fallidos',
    'credential.created': 'Emitió una credencial',
    'credential.revoked': 'Revocó una credencial',
    'credential.limited': 'Credencial frenada por exceso de pedidos',
    'login.succeeded': 'Ingresó a la oficina',
    'login.failed': 'Intento de ingreso fallido',
    'login.address_blocked': 'Dirección bloqueada por intentos fallidos',
    'session.ended': 'Salió de la oficina',
    'registry.import.completed': 'Importó un archivo al registro',
    'registry.import.failed': 'Una importación al registro falló',
    'person.corrected': 'Corrigió los datos de una persona',
    'bono_round.frozen': 'Creó y congeló una ronda de pago',
    'bono_round.approved': 'Aprobó una ronda de pago',
    'bono_round.rejected': 'Rechazó una ronda de pago',
    'bono_round.expired': 'Una ronda de pago venció',
    'bono_payment.recorded': 'Registró un pago',
    'bono_payment.reversed': 'Anuló un pago',
    'bono.deposit_file.written': 'Generó un archivo de depósito',
    'bono.status_import.imported': 'Importó una respuesta del banco',
    'bono_grievance.filed': 'Se presentó un reclamo',
    'bono_grievance.review_started': 'Empezó a revisar un reclamo',
    'bono_grievance.noted': 'Anotó algo en un reclamo',
    'bono_grievance.person_corrected': 'Corrigió una persona por un reclamo',
    'bono_grievance.person_linked': 'Vinculó una persona a un reclamo',
    'bono_grievance.reevaluated': 'Volvió a evaluar un reclamo',
    'bono_grievance.handed_to_bank': 'Pasó un reclamo al banco',
    'bono_grievance.resolved': 'Resolvió un reclamo',
    'bono_grievance.approved': 'Aprobó un reclamo',
    'bono_grievance.rejected': 'Rechazó un reclamo',
    'bono_grievance.supplementary_round_created': 'Creó una ronda complementaria por un reclamo',
    'bono_grievance.supplementary_round_refused': 'Se negó una ronda complementaria para un reclamo',
    'vaccination_appointment.booked': 'Reservó un turno de vacunación',
    'vaccination_appointment.cancelled': 'Canceló un turno de vacunación',
    'vaccination_delivery.received': 'Recibió una entrega de vacunas',
    'vaccination_dose.recorded': 'Registró una dosis aplicada',
    'vaccination_lot.registered': 'Registró un lote de vacunas',
    'vaccination_queue.joined': 'Una persona entró a la fila de vacunación',
    'vaccination_queue.left': 'Una persona salió de la fila de vacunación',
    'vaccination_replay.day_played': 'Reprodujo un día de la vacunación de 2021',
    'vaccination_site.created': 'Creó un punto de vacunación',
    'vaccination_site.updated': 'Modificó un punto de vacunación',
    'vaccination_site_day.closed': 'Cerró el día de un punto de vacunación',
    'vaccination_stock.receipt': 'Registró una recepción de dosis',
    'vaccination_stock.transfer': 'Trasladó dosis',
    'vaccination_stock.administered': 'Descontó dosis aplicadas',
    'vaccination_stock.wasted': 'Dio de baja dosis perdidas',
    'vaccination_stock.expired': 'Dio de baja dosis vencidas',
    'wealth_tax_taxpayer.registered': 'Registró un contribuyente del impuesto a las grandes fortunas',
    'wealth_tax_taxpayer.marriage_recorded': 'Registró el matrimonio de un contribuyente',
    'wealth_tax_residence.recorded': 'Registró la residencia de un contribuyente',
    'wealth_tax_declaration.filed': 'Se presentó una declaración jurada',
    'wealth_tax_declaration.amended': 'Se rectificó una declaración jurada',
    'wealth_tax_declaration.read': 'Consultó una declaración jurada',
    'wealth_tax_payment.recorded': 'Registró un pago del impuesto',
    'wealth_tax_import.completed': 'Importó un archivo de declaraciones juradas',
    'wealth_tax_notice.issued': 'Emitió un aviso del impuesto a las grandes fortunas',
    'wealth_tax_overpayment.refunded': 'Devolvió un pago en exceso',
    'wealth_tax_overpayment.carried_forward': 'Pasó un pago en exceso a la gestión siguiente',
    'certificate_authority.created': 'Creó la autoridad de certificados',
    'certificate_signer.rotated': 'Renovó la clave firmante de certificados',
    'certificate_signer.revoked': 'Revocó una clave firmante de certificados',
    'certificate.issued': 'Emitió un certificado',
    'certificate.revoked': 'Revocó un certificado',
    'identity_review.accepted':
      'Aceptó una fila de lista que casi nombra a una persona (revisión de identidad)',
    'identity_review.rejected':
      'Rechazó una fila de lista que casi nombra a una persona (revisión de identidad)',
    'identity_review.escalated':
      'Marcó «no estoy seguro» en una fila de lista: queda para otro funcionario (revisión de identidad)',
    other: 'Otra acción',
  },
};
