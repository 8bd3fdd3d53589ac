/**
 * Las cifras publicadas de transparencia en palabras: el título y la descripción de cada cifra
 * (por su id, el nombre de su archivo CSV), el encabezado de cada columna en la página y en el CSV
 * (por la clave de la columna) y las etiquetas de las filas (src/transparency devuelve códigos y
 * números; src/web/transparency/figure.words.ts los pone en palabras). Los encabezados CSV son
 * nombres para máquinas: cambiarlos rompe a quien lee los archivos.
 */

const DEPARTMENT_COLUMNS = {
  code: { label: 'Código INE', csv: 'codigo' },
  department: { label: 'Departamento', csv: 'departamento' },
};

const VACCINATION_MEASURES = {
  population: { label: 'Población residente', csv: 'poblacion' },
  first: { label: 'Primeras dosis', csv: 'primeras_dosis' },
  second: { label: 'Segundas dosis', csv: 'segundas_dosis' },
  single: { label: 'Dosis únicas', csv: 'dosis_unicas' },
  booster: { label: 'Refuerzos', csv: 'refuerzos' },
  doses: { label: 'Dosis aplicadas', csv: 'dosis_aplicadas' },
  atLeastOne: { label: '% con al menos una dosis', csv: 'porcentaje_al_menos_una_dosis' },
  complete: { label: '% con esquema completo', csv: 'porcentaje_esquema_completo' },
};

export const TRANSPARENCY_FIGURES_ES = {
  byId: {
    resumen: {
      title: 'Bono Contra el Hambre: cifras principales',
      description:
        'Personas habilitadas en las rondas aprobadas, cuántas cobraron y por qué canal, cuántas aún pueden cobrar y cuántas no cobraron antes del cierre.',
      columns: {
        indicator: { label: 'Indicador', csv: 'indicador' },
        persons: { label: 'Personas', csv: 'personas' },
        amount: { label: 'Monto', csv: 'monto_bs' },
        share: { label: '% de habilitadas', csv: 'porcentaje_de_habilitadas' },
      },
    },
    'bono-departamentos': {
      title: 'Pagadas frente a habilitadas, por departamento',
      description:
        'Barras horizontales por departamento: la barra clara es el total de personas habilitadas y la barra oscura las que ya cobraron; al final, el porcentaje pagado.',
      columns: {
        ...DEPARTMENT_COLUMNS,
        eligible: { label: 'Habilitadas', csv: 'habilitadas' },
        eligibleAmount: { label: 'Monto habilitado', csv: 'monto_habilitado_bs' },
        paid: { label: 'Pagadas', csv: 'pagadas' },
        paidAmount: { label: 'Monto pagado', csv: 'monto_pagado_bs' },
        paidShare: { label: '% pagado', csv: 'porcentaje_pagado' },
      },
    },
    'bono-dias': {
      title: 'Pagos acumulados por día frente al total habilitado',
      description:
        'Área que crece día a día con el número acumulado de personas pagadas; la línea discontinua es el total de personas habilitadas. Los días con menos de 5 pagos se agrupan con los siguientes.',
      columns: {
        from: { label: 'Desde', csv: 'desde' },
        to: { label: 'Hasta', csv: 'hasta' },
        paid: { label: 'Pagadas', csv: 'pagadas' },
        paidAmount: { label: 'Monto pagado', csv: 'monto_pagado_bs' },
        cumulative: { label: 'Pagadas (acumulado)', csv: 'pagadas_acumuladas' },
        cumulativeAmount: { label: 'Monto pagado (acumulado)', csv: 'monto_acumulado_bs' },
        eligibleShare: { label: '% de habilitadas', csv: 'porcentaje_de_habilitadas' },
      },
    },
    'bono-canales': {
      title: 'Pagos por canal',
      description:
        'Barras horizontales por canal de pago: la barra clara es el número de personas a quienes la ronda asignó ese canal y la barra oscura las que cobraron por él (quien no recibió el abono puede cobrar en ventanilla).',
      columns: {
        channelCode: { label: 'Código', csv: 'codigo' },
        channel: { label: 'Canal', csv: 'canal' },
        planned: { label: 'Asignadas al canal', csv: 'asignadas' },
        paid: { label: 'Pagadas por el canal', csv: 'pagadas' },
        paidAmount: { label: 'Monto pagado', csv: 'monto_pagado_bs' },
      },
    },
    'bono-no-cobrado-departamentos': {
      title: 'No cobrado al cierre, por departamento',
      description:
        'Barras horizontales con el número de personas habilitadas que no cobraron antes del cierre de su ronda, por departamento.',
      columns: {
        ...DEPARTMENT_COLUMNS,
        unclaimed: { label: 'No cobradas', csv: 'no_cobradas' },
        unclaimedAmount: { label: 'Monto no cobrado', csv: 'monto_no_cobrado_bs' },
      },
    },
    'bono-no-cobrado-edades': {
      title: 'No cobrado al cierre, por grupo de edad',
      description:
        'Barras horizontales con el número de personas habilitadas que no cobraron antes del cierre, por grupo de edad de su ventana de cobro.',
      columns: {
        bandCode: { label: 'Código', csv: 'codigo' },
        band: { label: 'Grupo de edad', csv: 'grupo_de_edad' },
        unclaimed: { label: 'No cobradas', csv: 'no_cobradas' },
        unclaimedAmount: { label: 'Monto no cobrado', csv: 'monto_no_cobrado_bs' },
      },
    },
    'registro-ine': {
      title: 'Población del registro frente a la proyección del INE, por departamento',
      description:
        'Barras horizontales agrupadas por departamento: la participación del departamento en la población del registro (azul) y en la proyección del INE (marrón).',
      columns: {
        ...DEPARTMENT_COLUMNS,
        registry: { label: 'Registro', csv: 'registro' },
        /** The year of INE's projection. */
        ine: { label: (year: string) => `Proyección INE ${year}`, csv: 'proyeccion_ine' },
        coverage: { label: 'Registro / INE', csv: 'registro_sobre_ine_porcentaje' },
        registryShare: { label: '% del registro', csv: 'participacion_registro_porcentaje' },
        ineShare: { label: '% del INE', csv: 'participacion_ine_porcentaje' },
      },
    },
    'vacunacion-departamentos': {
      title: 'Vacunación por departamento',
      description:
        'Dosis aplicadas por tipo frente a la población residente del registro, por departamento de residencia; al final, el porcentaje con al menos una dosis y con el esquema completo.',
      columns: {
        code: DEPARTMENT_COLUMNS.code,
        group: DEPARTMENT_COLUMNS.department,
        ...VACCINATION_MEASURES,
      },
    },
    'vacunacion-edades': {
      title: 'Vacunación por grupo de edad',
      description:
        'Dosis aplicadas por tipo y grupo de edad (la edad el día de la dosis) frente a la población residente por grupo de edad a la fecha.',
      columns: {
        group: { label: 'Grupo de edad', csv: 'grupo_de_edad' },
        ...VACCINATION_MEASURES,
      },
    },
    'vacunacion-dias': {
      title: 'Dosis aplicadas por día, acumuladas',
      description:
        'Área que crece día a día con el número acumulado de dosis aplicadas. Los días con menos de 5 dosis se agrupan con los siguientes.',
      columns: {
        from: { label: 'Desde', csv: 'desde' },
        to: { label: 'Hasta', csv: 'hasta' },
        doses: { label: 'Dosis aplicadas', csv: 'dosis_aplicadas' },
        cumulative: { label: 'Dosis aplicadas (acumulado)', csv: 'dosis_acumuladas' },
      },
    },
  },
  /** The text of a total row's label columns, on the page and in the CSV. */
  total: 'Total',
  indicators: {
    eligible: 'Personas habilitadas',
    paid: 'Pagadas',
    paidAtCounter: 'Pagadas en ventanilla',
    paidByDeposit: 'Pagadas por abono en cuenta',
    mayStillCollect: 'Aún pueden cobrar',
    notCollected: 'No cobradas al cierre',
  },
  channels: {
    counter: 'Pago en ventanilla',
    deposit: 'Abono en cuenta',
  },
  /** An age band from one age to another, both written as numbers. */
  ageRange: (from: string, to: string) => `${from}–${to} años`,
  /** An open age band: its lowest age. */
  ageFrom: (from: string) => `${from} años y más`,
  lateCollectors: 'Sin grupo de edad (rezagados)',
};
