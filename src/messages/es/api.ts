/**
 * Las palabras del documento OpenAPI (/api/openapi.json, docs/openapi.json): el resumen y, si la
 * tiene, la descripción de cada operación de la API, por su operationId. El generador
 * (src/http/api/openapi.ts) las toma de aquí —el inglés como `summary`/`description`, el castellano
 * como `x-summary-es`/`x-description-es`—; la ruta no lleva palabras. Una operación nueva sin su
 * entrada hace fallar la generación y test/http/openapi.test.ts.
 */
export const API_ES = {
  operations: {
    // bono
    citizenStatus: {
      summary: '¿Soy beneficiario? Consulta del ciudadano',
      description:
        'Con número de carnet, complemento y fecha de nacimiento: si es beneficiario y por qué, cuándo y dónde cobrar, y si ya cobró. Un dato equivocado recibe la misma respuesta que una persona inexistente; las consultas fallidas repetidas se limitan.',
    },
    recordPayout: {
      summary: 'Registrar un pago en ventanilla',
      description:
        'Registra el pago una sola vez. Repita la solicitud con la misma Idempotency-Key si no recibió respuesta: nunca se paga dos veces. Si la persona ya cobró, en este u otro banco, la respuesta es 409 already_paid con cuándo y dónde.',
    },
    reversePayout: {
      summary: 'Revertir un pago en ventanilla',
      description:
        'Solo el banco que pagó, el mismo día, con el motivo. La persona puede volver a cobrar. Repetirla devuelve el pago ya revertido.',
    },
    verifyEntitlement: {
      summary: 'Verificar a una persona en ventanilla',
      description:
        'Si es beneficiaria, el monto, su periodo de cobro, si puede cobrar ahora y, si ya cobró, cuándo y dónde.',
    },
    // cases
    addCaseAct: { summary: 'Registrar un acto según una fuente' },
    addCaseEvent: { summary: 'Registrar un hecho' },
    addCaseEvidence: {
      summary: 'Agregar evidencia',
      description:
        'El archivo en base64 (hasta 10 MB), guardado una sola vez por su SHA-256; su registro de custodia empieza con la recolección (o, para un derivado, con su derivación).',
    },
    addCaseFinding: {
      summary: 'Registrar un hallazgo del informe',
      description:
        'Un hallazgo se funda en evidencia y testimonios de la misma investigación; nunca se edita: una corrección es un hallazgo nuevo que indica cuál corrige.',
    },
    addCaseInvolvement: { summary: 'Registrar quién hizo qué a quién' },
    addCasePerson: { summary: 'Registrar una persona en sus funciones' },
    importCaseFile: {
      summary: 'Importar un archivo de hechos o personas',
      description:
        'El cuerpo es el archivo: CSV (text/csv) o JSON (application/json), hasta 16 MiB, con los encabezados de `ayni cases import`. Todo o nada: filas leídas = aceptadas + rechazadas; con una sola fila rechazada no se escribe ninguna, y cada rechazo queda en la cuarentena con su línea y motivo (422). El mismo archivo dos veces no agrega nada (200). Solo los investigadores del equipo; se verifica antes de leer el cuerpo. Queda en la bitácora.',
    },
    addCaseRelationship: { summary: 'Relacionar dos entidades del expediente' },
    addCaseStatement: { summary: 'Registrar un testimonio' },
    caseAnalysis: {
      summary: 'Análisis del expediente',
      description:
        'Víctimas por hecho y causa de muerte con las fuentes de cada celda, contradicciones entre fuentes, lugares y, con `event`, la cronología de un hecho.',
    },
    caseEvidenceCustody: {
      summary: 'Cadena de custodia de una evidencia',
      description:
        'Las entradas del registro y su verificación (hashes encadenados y bytes guardados). La lectura queda en la bitácora.',
    },
    caseReportPdf: {
      summary: 'Informe técnico para la Fiscalía (PDF)',
      description:
        'Los hallazgos, cada uno con la evidencia y los testimonios en que se funda (id y SHA-256), la cadena de custodia de cada elemento citado verificada, y el SHA-256 del paquete para el tribunal. Cada página nombra al lector. Queda en la bitácora.',
    },
    listInvestigations: {
      summary: 'Mis investigaciones',
      description: 'Las investigaciones en cuyo equipo está quien pregunta, con su función.',
    },
    openInvestigation: {
      summary: 'Abrir una investigación',
      description:
        'Quien la abre entra en su equipo como investigador; nadie más la ve hasta que lo sumen al equipo.',
    },
    protectCasePerson: { summary: 'Proteger la identidad de una persona' },
    setCasePersonAlias: {
      summary: 'Agregar o quitar un alias de una persona',
      description:
        'Otro nombre con que se conoce a la persona (apodo, otra grafía): si la persona está protegida, se reemplaza por su código en cada vista y exportación, como su nombre. Para investigadores del equipo; la bitácora guarda el código y un hash del alias, nunca el alias.',
    },
    readCaseEvidence: {
      summary: 'El archivo de una evidencia',
      description:
        'Los bytes, verificados contra su SHA-256; el acceso queda en la custodia del elemento y, si es restringido, en la bitácora. La cabecera X-Ayni-Reader nombra al lector.',
    },
    readCaseFile: {
      summary: 'El expediente',
      description:
        'Todo lo que el lector puede ver: identidades protegidas reemplazadas por su código, y para un representante de víctimas solo los archivos de su familia. La lectura queda en la bitácora.',
    },
    recordCaseCustody: { summary: 'Registrar un traslado, copia o análisis' },
    setCaseTeamMember: { summary: 'Sumar o cambiar un miembro del equipo' },
    // certificates
    certificateFhirBundle: {
      summary: 'Las vacunas de una persona en FHIR R4 (DDCC:VS de la OMS)',
      description:
        'Un Bundle de tipo documento: Composition DDCC:VS, Patient, la organización emisora y una Immunization por dosis, con los códigos del certificado. Emite el certificado si no lo estaba.',
    },
    certificateTrustList: {
      summary: 'La lista de confianza firmada',
      description:
        'El certificado CSCA de Bolivia, los certificados de las claves de firma con su estado y la lista de revocación (hashes), firmados con la clave CSCA. Un verificador la descarga una vez y verifica sin conexión.',
    },
    issueCertificate: {
      summary: 'Emitir el certificado de una persona',
      description:
        'El certificado de la última dosis del registro nominal; si ya fue emitido, el mismo (200).',
    },
    revokeCertificate: {
      summary: 'Revocar un certificado',
      description:
        'Emitido por error o por una dosis registrada por error: pasa a la lista de revocación publicada. Revocarlo otra vez no cambia nada.',
    },
    rotateCertificateSigner: {
      summary: 'Rotar la clave de firma',
      description:
        'Crea una clave de firma nueva bajo la CSCA y retira la anterior, que sigue verificando lo que firmó.',
    },
    vaccinationCard: {
      summary: 'El carnet de vacunación (PDF)',
      description:
        'Por número de carnet, complemento y fecha de nacimiento (en el cuerpo): el carnet del DS 4641 en PDF, tamaño A4 o billetera. Cuenta contra los mismos límites que la consulta del bono; sin los tres datos no se devuelve nada.',
    },
    verifyCertificate: {
      summary: 'Verificar un certificado (HC1)',
      description:
        'Verifica el texto del código QR contra las claves de ayni y la lista de revocación. Si no es válido, el código del problema dice en qué paso falló.',
    },
    // identity-merge
    decideIdentityMerge: {
      summary: 'Aprobar o rechazar una fusión',
      description:
        'El segundo funcionario (nunca quien la propuso) aprueba o rechaza, con motivo. Al aprobar se revisa de nuevo el par y se mueven las referencias del registro. De dos aprobaciones a la vez, una fusiona y la otra recibe 409 identity_merge_decided con quién; la misma decisión repetida devuelve repeated: true.',
    },
    identityDuplicates: {
      summary: 'Personas probablemente duplicadas',
      description:
        'Pares de personas del registro que el comparador cree la misma persona (bloqueo en SQL y peso de Fellegi–Sunter), de la mayor evidencia a la menor; los pares ya propuestos o fusionados no aparecen.',
    },
    identityMerge: { summary: 'Una fusión' },
    identityMerges: { summary: 'Fusiones de personas' },
    proposeIdentityMerge: {
      summary: 'Proponer una fusión',
      description:
        'Conserva survivingPersonId y retira retiredPersonId cuando otro funcionario lo apruebe. Rechazada si la persona a retirar tiene un pago o derecho del bono por cobrar o una dosis de vacuna (proponga al revés), si ya hay una fusión del par, o sin motivo. Auditado.',
    },
    unmergeIdentityMerge: {
      summary: 'Deshacer una fusión',
      description:
        'Devuelve a la persona retirada al registro y le devuelve cada referencia que la fusión movió. Nunca quien la propuso. Auditado.',
    },
    // identity-review
    decideIdentityReview: {
      summary: 'Decidir una fila de la revisión de identidad',
      description:
        'accept (con personId, uno de los candidatos), reject (con reason) o unsure (queda para otro funcionario). Auditado. Con seen, el estado leído: si otro decidió antes, 409 identity_review_decided con quién; la misma decisión repetida por el mismo funcionario devuelve repeated: true sin registrar nada.',
    },
    identityReview: { summary: 'Una fila de la revisión de identidad' },
    identityReviews: { summary: 'Filas que esperan revisión de identidad' },
    // pages
    portalCertificateVerifierScript: { summary: 'El programa del verificador' },
    portalCertificateVerifierWorker: { summary: 'El service worker del verificador (sin conexión)' },
    transparencyVaccinationReplayCsv: {
      summary: 'Vacunación 2021: la curva diaria de la reproducción (CSV)',
    },
    transparencyWealthTaxCsv: {
      summary: 'Impuesto a las Grandes Fortunas: cifras en CSV',
      description: 'Las mismas cifras que la página, con «<5» y «x» donde están suprimidas.',
    },
    // registry
    registryCounts: {
      summary: 'Cifras del registro',
      description:
        'Personas por departamento, listas de otras instituciones y últimas importaciones, con sus archivos; cifras exactas, para quien consulta el registro (el público ve las cifras publicadas en / y /transparencia).',
    },
    // session
    currentPrincipal: { summary: 'Quién soy: roles, permisos y código CSRF' },
    signIn: {
      summary: 'Ingresar con usuario y contraseña',
      description:
        'Abre una sesión: fija la cookie de sesión y devuelve el código CSRF. Una solicitud mal formada recibe la misma respuesta que una contraseña incorrecta.',
    },
    signOut: { summary: 'Salir: termina la sesión' },
    // system
    health: { summary: 'El servidor y su base de datos responden' },
    openApiDocument: { summary: 'Este documento OpenAPI' },
    // vaccination
    bookAppointment: {
      summary: 'Reservar una cita',
      description:
        'Reserva un cupo y una dosis de la vacuna que corresponde; con la primera dosis de una vacuna de dos dosis, reserva también la segunda dentro de su plazo. Nunca se excede la capacidad del día. Repita con la misma Idempotency-Key si no recibió respuesta.',
    },
    cancelAppointment: {
      summary: 'Cancelar una cita',
      description:
        'Cancela la cita y la de la segunda dosis reservada con ella: los cupos y las dosis vuelven al punto.',
    },
    personDoses: {
      summary: 'Dosis y citas de una persona',
      description:
        'Por número de carnet, complemento y fecha de nacimiento (en el cuerpo, no en la dirección).',
    },
    recordDose: {
      summary: 'Registrar una dosis aplicada',
      description:
        'Registra la dosis en el registro nominal una sola vez, la descuenta de las existencias del punto y la audita. Repita la solicitud con la misma Idempotency-Key si no recibió respuesta. Otra clave para una dosis ya registrada recibe 409 dose_already_recorded con el registro.',
    },
    vaccinationEligibility: {
      summary: 'Si una persona puede vacunarse en un día',
      description:
        'La próxima dosis, las vacunas admitidas para ella y su plazo, y si puede aplicarse ese día (con el día que le da su CI, si rige la rotación).',
    },
    vaccinationQueue: {
      summary: 'La fila de un punto en un día',
      description: 'Las fichas en orden, sin datos de las personas.',
    },
    vaccinationSiteAppointments: {
      summary: 'Las citas de un punto en un día',
      description: 'Las citas por número, sin datos de las personas.',
    },
    vaccinationSiteDay: {
      summary: 'La jornada de un punto',
      description:
        'Por vacuna: capacidad, cupos reservados, atendidos por orden de llegada y dosis aplicadas.',
    },
    // wealth-tax
    wealthTaxMandates: {
      summary: 'Los mandatos de representación',
      description:
        'Los mandatos de los contribuyentes a sus representantes, del más nuevo al más antiguo, con su vigencia hoy.',
    },
    wealthTaxGrantMandate: {
      summary: 'Registrar un mandato',
      description:
        'El mandato de un contribuyente a la cuenta de su representante, desde un día y hasta otro (o sin fin). Queda en la bitácora.',
    },
    wealthTaxRevokeMandate: {
      summary: 'Revocar un mandato',
      description:
        'Desde ese momento la cuenta del representante no alcanza al contribuyente. Queda en la bitácora.',
    },
    wealthTaxRepresented: {
      summary: 'Los contribuyentes que represento',
      description: 'Solo los contribuyentes cuyo mandato a esta cuenta está vigente hoy.',
    },
    wealthTaxRepresentedYear: {
      summary: 'La gestión de un contribuyente representado',
      description:
        'Las versiones con su impuesto, la explicación de la última y el saldo, con un mandato vigente (si no, 403 not_mandated). Queda en la bitácora.',
    },
    wealthTaxRepresentedDeclaration: {
      summary: 'Presentar o rectificar como representante',
      description:
        'La declaración (o la rectificatoria) de un contribuyente con mandato vigente, liquidada al presentarse; sin mandato, 403 y nada se registra.',
    },
    wealthTaxRepresentedNotice: {
      summary: 'Un aviso del contribuyente representado',
      description:
        'La determinación, el recordatorio o la multa (PDF o HTML), con un mandato vigente (si no, 403).',
    },
    wealthTaxFileDeclaration: {
      summary: 'Presentar o rectificar una declaración',
      description:
        'La declaración jurada de una gestión (original o rectificatoria con su motivo), liquidada al presentarse. Con la misma clave, la misma presentación (200).',
    },
    wealthTaxImport: {
      summary: 'Importar declaraciones (CSV o JSON)',
      description:
        'El contenido de un archivo CSV o JSON de declaraciones (docs/formats.md): leídas = aceptadas + rechazadas, cada rechazo con su línea y motivo; el mismo archivo se importa una sola vez.',
    },
    wealthTaxNotice: {
      summary: 'Un aviso (PDF o HTML)',
      description:
        'La determinación, el recordatorio (hasta el vencimiento) o la multa (después), en castellano con su base legal. Queda en la bitácora.',
    },
    wealthTaxPayment: {
      summary: 'Registrar un pago',
      description:
        'Un pago en bolivianos o en dólares (al tipo de cambio oficial del día), una sola vez por su identificador; el primero después del vencimiento liquida la actualización, los intereses y la multa.',
    },
    wealthTaxPublicFigures: {
      summary: 'Cifras públicas de una gestión',
      description:
        'Contribuyentes, impuesto determinado y pagado por departamento; un departamento con menos de 5 contribuyentes se muestra «<5» sin montos, y otro se retiene para que no se deduzca del total.',
    },
    wealthTaxSimulation: {
      summary: 'Simular reformas',
      description:
        'Contribuyentes y recaudación de la ley y de escenarios de reforma sobre una cola sintética ajustada al primer año (sin datos de contribuyentes).',
    },
    wealthTaxTaxpayers: {
      summary: 'El padrón de contribuyentes',
      description:
        'Los contribuyentes en orden de NIT: nombre, departamento y régimen matrimonial (sin declaraciones).',
    },
    wealthTaxYear: {
      summary: 'La gestión de un contribuyente',
      description:
        'Cada versión de la declaración con su liquidación, la explicación de la última (con sus artículos) y el saldo. La lectura queda en la bitácora.',
    },
  },
};
