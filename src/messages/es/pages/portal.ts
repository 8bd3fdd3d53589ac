/**
 * Las páginas del ciudadano (`/bono`): «¿Soy beneficiario?», los reclamos y su seguimiento. Para
 * personas con un teléfono sencillo: frases cortas, sin nombres internos. Este catálogo en
 * castellano define la forma que los demás idiomas deben tener (../../pages.ts).
 */
export const PORTAL_ES = {
  nav: {
    status: '¿Soy beneficiario?',
    grievance: 'Presentar un reclamo',
    follow: 'Seguir mi reclamo',
  },
  /** The demo banner: the day already written out, then the hh:mm on Bolivia's clocks. */
  simulatedClock: (date: string, time: string) =>
    `Demostración con reloj simulado: ayni responde como si fuera el ${date}, ${time} (hora de Bolivia).`,
  tooLong: {
    title: 'Los datos enviados son demasiado largos',
    text: 'Acorte la descripción e intente de nuevo.',
  },
  unreadable: 'No pudimos leer los datos enviados. Escríbalos de nuevo.',
  identity: {
    ci: 'Número de carnet de identidad',
    ciHint: 'Solo las cifras, sin el lugar de expedición. Por ejemplo, 4567890.',
    ciHintShort: 'Solo las cifras, sin el lugar de expedición.',
    complemento: 'Complemento (si su carnet lo tiene)',
    complementoHint: 'Por ejemplo 1A, si su carnet lo tiene. Si no tiene, déjelo vacío.',
    dob: 'Fecha de nacimiento',
    dobHint: 'Como figura en su carnet. Por ejemplo, 27 3 1985.',
    ciMissing: 'Escriba el número de su carnet de identidad.',
    ciDigits: 'Escriba el número de su carnet de identidad: solo las cifras.',
    ciFormat: (min: string, max: string) =>
      `El número de carnet lleva solo cifras, de ${min} a ${max}, y no empieza con 0. No escriba el lugar de expedición (LP, CB, SC…).`,
    complementoFormat: (max: string) =>
      `El complemento tiene hasta ${max} letras o cifras, por ejemplo 1A. Déjelo vacío si su carnet no lo tiene.`,
    dobMissing: 'Escriba su fecha de nacimiento.',
    dobInvalid:
      'La fecha de nacimiento debe ser una fecha real: día, mes y año de 4 cifras, por ejemplo 27 3 1985.',
  },
  status: {
    title: '¿Soy beneficiario del Bono Contra el Hambre?',
    intro:
      'Escriba los datos de su carnet de identidad tal como figuran en él. Le diremos si le corresponde el bono, por qué, cuándo y dónde cobrarlo.',
    privacy:
      'Sus datos no quedan en la dirección de la página. Si consulta muchas veces con datos equivocados, tendrá que esperar un momento antes de intentarlo de nuevo.',
    check: 'Consultar',
    notListed: '¿No figura o sus datos están mal?',
    fileComplaint: 'Presente un reclamo',
    fileComplaintLower: 'presente un reclamo',
    again: 'Hacer otra consulta',
    notYours: 'No le corresponde el Bono Contra el Hambre',
    yours: 'Usted es beneficiario del Bono Contra el Hambre',
    why: 'Por qué',
    wrongAnswer: 'Si cree que hay un error en sus datos o en esta respuesta,',
    paidNotCollected: 'Si figura como pagado pero usted no cobró,',
    mistake: 'Si cree que hubo un error,',
    amount: 'Monto',
    band: 'Grupo de edad',
    bandRange: (from: string, to: string) => `De ${from} a ${to} años`,
    bandRezagados: 'Rezagados (no cobró en su grupo de edad)',
    bandOther: 'Otro grupo',
    dates: 'Sus fechas para cobrar',
    rezagados: 'Si no cobró en sus fechas (rezagados)',
    period: (from: string, to: string) => `Del ${from} al ${to}`,
    deadline: 'Último día para cobrar',
    payment: 'Pago',
    paymentCollected: 'Cobrado (vea abajo).',
    paymentInFlight: 'Depósito en curso.',
    paymentOver: 'No cobrado; el plazo terminó.',
    paymentNotYet: 'Aún no cobrado.',
    paymentDeposit: 'Se deposita en su cuenta.',
    collected: 'Usted ya cobró el bono',
    channel: { counter: 'en ventanilla', deposit: 'por depósito en cuenta' },
    paidAt: (date: string, time: string, channel: string, where: string) =>
      `Cobrado el ${date} a las ${time}, ${channel}, en ${where}.`,
    over: 'El plazo para cobrar terminó',
    overOn: (date: string) => `El último día para cobrar fue el ${date}. Ya no es posible cobrar este bono.`,
    overNoDate: 'Ya no es posible cobrar este bono.',
    inFlight: 'Su depósito está en curso',
    inFlightText:
      'El banco está procesando el depósito en su cuenta. Si lo rechaza, podrá cobrar en ventanilla.',
    inFlightBank: (bank: string) =>
      `El banco (${bank}) está procesando el depósito en su cuenta. Si lo rechaza, podrá cobrar en ventanilla.`,
    today: 'Hoy puede cobrar',
    notToday: 'Hoy todavía no puede cobrar',
    notTodayText:
      'Cobre en sus fechas o, si no cobró en ellas, en el periodo de rezagados (vea las fechas arriba).',
    depositComing: 'El bono se deposita en su cuenta',
    depositDates: 'El depósito se hace en sus fechas (vea arriba).',
    howReceived: 'Cómo lo recibe',
    depositText: (bank: string, account: string) =>
      `Se deposita en su cuenta de ${bank} terminada en ${account}. No necesita ir al banco.`,
    depositFallback:
      'Si el banco no puede hacer el depósito, podrá cobrarlo en ventanilla en las mismas fechas.',
    whereToCollect: 'Dónde cobrar',
    counterText:
      'En la ventanilla de cualquier banco habilitado para el pago del bono, en persona, presentando su carnet de identidad vigente.',
    exclusionsTitle: 'Qué lista le excluye y dónde acudir',
    exclusionsIntro:
      'Usted figura en la lista de otra institución que excluye del bono. Si ese dato está mal, pida a esa institución que lo corrija; después presente un reclamo.',
    /** Each exclusion: the list as a person names it, and the institution that keeps it. */
    exclusions: {
      afp: {
        list: 'Aportantes a una AFP como asegurado dependiente o consultor',
        where:
          'Acuda a su AFP (AFP Futuro de Bolivia o BBVA Previsión) o a la Gestora Pública de la Seguridad Social de Largo Plazo.',
      },
      deathPension: {
        list: 'Derechohabientes de una pensión por muerte',
        where: 'Acuda a la entidad que le paga la pensión: la Gestora Pública o su AFP.',
      },
      bonoFamilia: {
        list: 'Beneficiarios y cobradores del Bono Familia',
        where: 'Acuda al Ministerio de Educación o a la unidad educativa donde se registró el Bono Familia.',
      },
      pension: {
        list: 'Perceptores de una renta de la seguridad social de largo plazo',
        where: 'Acuda al SENASIR o a la entidad que le paga la renta (la Gestora Pública o su AFP).',
      },
    },
    notFoundTitle: 'No encontramos esos datos',
    notFoundNotice:
      'Ninguna persona del registro tiene ese número de carnet, complemento y fecha de nacimiento juntos',
    checkThat: 'Revise que:',
    checks: {
      number: 'el número sea el de su carnet, solo las cifras y sin el lugar de expedición;',
      complemento:
        'el complemento sea el de su carnet (por ejemplo 1A), o esté vacío si su carnet no lo tiene;',
      dob: 'la fecha de nacimiento sea la de su carnet: día, mes y año.',
    },
    stillNotFound: 'Si sus datos están bien y aun así no figura,',
    tooMany: 'Demasiados intentos',
    tryAgain: (minutes: string, time: string) =>
      `Intente de nuevo en ${minutes}, después de las ${time} (hora de Bolivia).`,
    minutes: { one: 'minuto', other: 'minutos' },
    tooManyText:
      'Para proteger los datos de las personas, las consultas con datos equivocados se limitan. Mientras tanto, tenga a mano su carnet para copiar los datos tal como figuran en él.',
    backToLookUp: 'Volver a la consulta',
  },
  grievance: {
    title: 'Presentar un reclamo',
    intro:
      'Si no figura en la lista, si sus datos están mal o si figura como pagado pero no cobró, cuéntenos. Le daremos un número de referencia para seguir su reclamo.',
    what: '¿Qué pasó?',
    kinds: {
      not_listed: {
        label: 'No figuro en la lista',
        hint: 'Cree que le corresponde el bono, pero la consulta dice que no.',
      },
      wrong_data: {
        label: 'Mis datos están mal',
        hint: 'Su nombre, fecha de nacimiento, lugar u otro dato del registro no es correcto.',
      },
      paid_not_received: {
        label: 'Figuro como pagado pero no cobré',
        hint: 'La consulta dice que cobró, pero usted no recibió el dinero.',
      },
    },
    kindOther: 'Otro reclamo',
    description: 'Describa el problema',
    descriptionHint: (max: string) =>
      `Qué pasó, con fechas, bancos y lugares si los sabe. Hasta ${max} caracteres.`,
    contact: 'Teléfono o correo para contactarle (opcional)',
    contactHint: 'Solo lo usaremos para este reclamo.',
    send: 'Enviar reclamo',
    already: '¿Ya presentó un reclamo?',
    followIt: 'Siga su reclamo',
    chooseKind: 'Elija qué pasó.',
    describe: 'Describa el problema.',
    descriptionTooLong: (max: string) => `La descripción tiene más de ${max} caracteres: acórtela.`,
    contactTooLong: (max: string) => `El contacto tiene más de ${max} caracteres: acórtelo.`,
    tooManyFilings: (minutes: string) =>
      `Se enviaron demasiados reclamos desde esta conexión. Intente de nuevo en ${minutes}, o acuda a una oficina.`,
    filedTitle: 'Recibimos su reclamo',
    referenceIs: 'Su número de referencia es',
    writeItDown:
      'Anótelo o tome una foto de esta pantalla: con este número y su número de carnet puede ver cómo avanza su reclamo.',
    followMine: 'Seguir mi reclamo',
  },
  follow: {
    title: 'Seguir mi reclamo',
    notFound: 'No encontramos ese reclamo',
    notFoundText:
      'Ningún reclamo tiene esa referencia con ese número de carnet. Revise la referencia (12 letras y cifras, por ejemplo AB12-CD34-EF56) y que el número de carnet sea el que escribió al presentar el reclamo.',
    intro: 'Escriba la referencia que recibió al presentar el reclamo y su número de carnet de identidad.',
    ref: 'Referencia del reclamo',
    refHint: 'Por ejemplo, AB12-CD34-EF56.',
    refInvalid:
      'Escriba la referencia completa: 12 letras y cifras en tres grupos, por ejemplo AB12-CD34-EF56.',
    see: 'Ver mi reclamo',
    heading: (reference: string) => `Reclamo ${reference}`,
    status: 'Estado',
    statuses: {
      open: 'Recibido, en espera de revisión',
      in_review: 'En revisión',
      approved: 'Aprobado',
      rejected: 'Rechazado',
      resolved: 'Resuelto',
      other: 'En trámite',
    },
    kind: 'Tipo de reclamo',
    filedOn: 'Presentado el',
    decidedOn: 'Decidido el',
    history: 'Historial',
    date: 'Fecha',
    what: 'Qué pasó',
    /** The steps a citizen sees, by the event's name; the officer's message to them follows. */
    events: {
      filed: 'Reclamo recibido.',
      review_started: 'Un funcionario está revisando su reclamo.',
      person_corrected: 'Sus datos en el registro fueron corregidos.',
      approved: 'Su reclamo fue aceptado.',
      rejected: 'Su reclamo fue rechazado.',
      supplementary_round_created: 'Se preparó su pago en una ronda complementaria.',
      handed_to_bank: 'Su caso pasó al banco para revisar el pago registrado.',
      resolved: 'Reclamo cerrado.',
      round_approved: 'Un segundo funcionario aprobó su pago.',
      round_rejected: 'Su pago no fue aprobado por el segundo funcionario; la oficina revisará su caso.',
      round_expired: 'El plazo para cobrar terminó sin que se cobrara el pago.',
      paidCounter: (amount: string) => `Usted cobró ${amount} en la ventanilla de un banco.`,
      paidDeposit: (amount: string) => `Se depositaron ${amount} en su cuenta bancaria.`,
      other: 'Su reclamo avanzó.',
    },
    /** What a re-evaluation of the bono's rules found, by its outcome. */
    reevaluated: {
      supplementary_round_due: 'Revisamos sus datos con las reglas del bono: le corresponde.',
      already_entitled: 'Revisamos sus datos con las reglas del bono: ya figura en una ronda de pago.',
      not_eligible: 'Revisamos sus datos con las reglas del bono: no le corresponde.',
      awaits_regular_round:
        'Revisamos sus datos con las reglas del bono: le corresponde, y se pagará en la próxima ronda de pago.',
      other: 'Revisamos sus datos con las reglas del bono.',
    },
    /** What the citizen waits for now. */
    nextTitle: 'Qué sigue',
    next: {
      round_awaits_approval: 'Su pago está preparado; falta la aprobación de un segundo funcionario.',
      collect: (from: string, to: string) =>
        `Su pago fue aprobado. Puede cobrarlo en la ventanilla de un banco, con su carnet, del ${from} al ${to}.`,
      deposit: 'Su pago fue aprobado y se depositará en su cuenta bancaria.',
    },
    checkStatus: 'Ver mis fechas y mi pago',
    another: 'Seguir otro reclamo',
    at: (date: string, time: string) => `${date}, ${time}`,
  },
};
