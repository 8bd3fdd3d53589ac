/**
 * The parameter files' notes, sources and quotes in Spanish, keyed by the files' own (English)
 * text, as gettext keys a translation by its original: a note edited in the file loses its
 * translation here, and test/rules/trace-words.test.ts names it. A quote already in Spanish is
 * its own entry, so that the test can tell it from a text nobody translated.
 */
export const RULE_SOURCES_ES: Readonly<Record<string, string>> = {
  'DS 4392': 'DS 4392',
  '"mayores de 18 años de edad al 16 de septiembre de 2020" (as quoted by El País)':
    '«mayores de 18 años de edad al 16 de septiembre de 2020» (según cita El País)',
  'Ley 1330': 'Ley 1330',
  'Ministerio de Economía y Finanzas Públicas, criterios publicados (via ABI)':
    'Ministerio de Economía y Finanzas Públicas, criterios publicados (a través de ABI)',
  'ATB, 12 Jan 2021 (target population 18–59)':
    'ATB, 12 de enero de 2021 (población objetivo de 18 a 59 años)',
  'UNCONFIRMED: the available excerpts of DS 4392 do not state an upper limit; it may come only from Ministry guidance (domain §1.2 item 3, §8 question 5). Set to false to simulate no upper limit.':
    'NO CONFIRMADO: los extractos disponibles del DS 4392 no fijan un límite superior de edad; puede venir solo de criterios del Ministerio (archivo de dominio §1.2 punto 3, §8 pregunta 5). Póngase en «no» para simular que no hay límite superior.',
  '"menores de 60 años cumplidos al 1 de marzo de 2021"':
    '«menores de 60 años cumplidos al 1 de marzo de 2021»',
  'UNCONFIRMED whether this limit is in DS 4392 itself (domain §1.2 item 3).':
    'NO CONFIRMADO si este límite está en el propio DS 4392 (archivo de dominio §1.2 punto 3).',
  'Bolivians residing in the country ("que residen en el país")':
    'Bolivianos que residen en el país («que residen en el país»)',
  '"ciudadanos bolivianos que residen en el país" (as quoted by El País)':
    '«ciudadanos bolivianos que residen en el país» (según cita El País)',
  'ayni, regla administrativa / administrative rule of ayni (not Ley 1330, not DS 4392)':
    'ayni, regla administrativa (no de la Ley 1330 ni del DS 4392)',
  "No rule on deceased persons was found in the sources on Ley 1330 or DS 4392. ayni applies one because DS 4392 pays the bono once to the person: at the counter, where the beneficiary presents their original identity card (or alternative documents), or into the beneficiary's own single-holder account (payment modes as reported by El País); no source provides for heirs or a representative.":
    'En las fuentes sobre la Ley 1330 y el DS 4392 no se encontró ninguna regla sobre personas fallecidas. ayni aplica una porque el DS 4392 paga el bono una sola vez a la persona: en ventanilla, donde presenta su cédula de identidad original (u otros documentos admitidos), o en su propia cuenta unipersonal (formas de pago según El País); ninguna fuente prevé herederos ni representantes.',
  "UNCONFIRMED: no rule on deceased persons was found (domain §1.3, §8 question 6); this is ayni's own rule, not the decree's. Set to false to simulate paying whoever is on the lists, dead or alive.":
    'NO CONFIRMADO: no se encontró ninguna regla sobre personas fallecidas (archivo de dominio §1.3, §8 pregunta 6); es una regla propia de ayni, no del decreto. Póngase en «no» para simular el pago a quien figure en las listas, con vida o no.',
  'DS 4392 (as reported)': 'DS 4392 (según la prensa)',
  'personas con discapacidad grave o muy grave registradas en el SIPRUNPCD':
    'personas con discapacidad grave o muy grave registradas en el SIPRUNPCD',
  'UNCONFIRMED whether "moderada" is included: the Ministry and ABI also mention it, and the earlier DS 4345 said "moderada, grave o muy grave" (domain §1.2). Add moderada here to simulate it.':
    'NO CONFIRMADO si se incluye el grado «moderada»: el Ministerio y ABI también la mencionan, y el anterior DS 4345 decía «moderada, grave o muy grave» (archivo de dominio §1.2). Añádase aquí el grado moderado para simularlo.',
  'asegurados dependientes y consultores con aportes acreditados en su Cuenta Personal Previsional':
    'asegurados dependientes y consultores con aportes acreditados en su Cuenta Personal Previsional',
  'included: "las personas que no recibieron ningún tipo de remuneración salarial del sector público o privado a la fecha de promulgación de la Ley N° 1330, 16 de septiembre de 2020"; excluded: dependientes y consultores "que tengan aportes acreditados en su Cuenta Personal Previsional"':
    'incluidas: «las personas que no recibieron ningún tipo de remuneración salarial del sector público o privado a la fecha de promulgación de la Ley N° 1330, 16 de septiembre de 2020»; excluidos: dependientes y consultores «que tengan aportes acreditados en su Cuenta Personal Previsional»',
  'DS 4345 (the earlier regulation of Ley 1330, superseded)':
    'DS 4345 (el reglamento anterior de la Ley 1330, sustituido)',
  '"se verificarán los aportes realizados a las administradoras de pensiones en los últimos 60 días" (as reported by El Deber)':
    '«se verificarán los aportes realizados a las administradoras de pensiones en los últimos 60 días» (según El Deber)',
  'UNCONFIRMED: the available excerpts of DS 4392 give no period for "aportes acreditados". ayni reads the exclusion as a salary at Ley 1330\'s date, 16 Sep 2020, the date DS 4392\'s inclusion of people without salary names, checked as DS 4345 checked it, over 60 days: DS 4345 does not say from which date they run, and ayni runs them back from the law date, 18 Jul – 16 Sep 2020. A monthly period counts when any of its days falls in those 60 days, so July 2020 is the first. Alternative reading: only the month of the law date and later, "2020-09-01".':
    'NO CONFIRMADO: los extractos disponibles del DS 4392 no dan un periodo para los «aportes acreditados». ayni entiende la exclusión como un salario a la fecha de la Ley 1330, el 16 de septiembre de 2020 (la fecha que nombra el DS 4392 al incluir a quienes no tenían salario), verificado como lo hacía el DS 4345, sobre 60 días: el DS 4345 no dice desde qué fecha se cuentan, y ayni los cuenta hacia atrás desde la fecha de la ley, del 18 de julio al 16 de septiembre de 2020. Un periodo mensual cuenta si alguno de sus días cae en esos 60 días, así que julio de 2020 es el primero. Lectura alternativa: solo el mes de la ley y los posteriores, desde septiembre de 2020.',
  'derechohabientes de primer y segundo grado de las planillas de pensiones por muerte':
    'derechohabientes de primer y segundo grado de las planillas de pensiones por muerte',
  'beneficiarios del Bono Familia y quienes cobraron el Bono Familia':
    'beneficiarios del Bono Familia y quienes cobraron el Bono Familia',
  'Ministerio de Economía y Finanzas Públicas via ABI':
    'Ministerio de Economía y Finanzas Públicas (a través de ABI)',
  'quienes perciben una renta o pensión de la seguridad social de largo plazo no reciben el bono':
    'quienes perciben una renta o pensión de la seguridad social de largo plazo no reciben el bono',
  'UNCONFIRMED whether the Ministry\'s "renta o pensión de la seguridad social de largo plazo" covers the Renta Dignidad: no source names it among the exclusions, so the contributory Renta Dignidad, which the pension-recipients list also carries, excludes nobody (only people of 60 or more draw it, and the upper age limit already leaves them out). Add it here to simulate the contrary.':
    'NO CONFIRMADO si la «renta o pensión de la seguridad social de largo plazo» del Ministerio comprende la Renta Dignidad: ninguna fuente la nombra entre las exclusiones, así que la Renta Dignidad contributiva, que también figura en la lista de perceptores de rentas, no excluye a nadie (solo la cobran personas de 60 años o más, a quienes el límite superior de edad ya deja fuera). Añádase aquí para simular lo contrario.',
  'Bono Contra el Hambre de Bs 1.000, por única vez': 'Bono Contra el Hambre de Bs 1.000, por única vez',
  'eju.tv, 1 Dec 2020': 'eju.tv, 1 de diciembre de 2020',
  'DS 4392 (the Gestora Pública sets the start date)': 'DS 4392 (la Gestora Pública fija la fecha de inicio)',
  '"disponible para su cobro hasta noventa (90) días calendario, posteriores a la fecha del inicio de pago"':
    '«disponible para su cobro hasta noventa (90) días calendario, posteriores a la fecha del inicio de pago»',
  'What happened to unclaimed amounts after the limit, and whether it was extended, is UNCONFIRMED (domain §1.4).':
    'NO CONFIRMADO qué pasó con los montos no cobrados después del plazo, ni si el plazo se amplió (archivo de dominio §1.4).',
  'Ministerio de Economía y Finanzas Públicas, calendario de pago (via ABI)':
    'Ministerio de Economía y Finanzas Públicas, calendario de pago (a través de ABI)',
  'UNCONFIRMED: the calendar gives age bands without saying on which date age is counted. ayni counts it on the date Ley 1330 counts the minimum age, so every eligible person (18 to 59) falls in exactly one band.':
    'NO CONFIRMADO: el calendario da grupos de edad sin decir a qué fecha se cuenta la edad. ayni la cuenta a la fecha en que la Ley 1330 cuenta la edad mínima, de modo que cada persona con derecho (de 18 a 59 años) cae en un solo grupo.',
  'Brújula Digital, 1 Dec 2020': 'Brújula Digital, 1 de diciembre de 2020',
  "The calendar is the Ministry's; it is dated here from DS 4392, which left the start of payment to the Gestora Pública. A person in no band (only possible if the age limit is switched off) collects in the late collectors' window.":
    'El calendario es del Ministerio; aquí rige desde el DS 4392, que dejó el inicio del pago a la Gestora Pública. Una persona sin grupo de edad (solo posible si se desactiva el límite de edad) cobra en el periodo de rezagados.',
  'noticiasbo.com (payment ran from 1 Dec 2020 to 1 Mar 2021)':
    'noticiasbo.com (el pago fue del 1 de diciembre de 2020 al 1 de marzo de 2021)',
  'Ministerio de Salud y Deportes, inicio de la campaña (via consulado de Bolivia)':
    'Ministerio de Salud y Deportes, inicio de la campaña (a través del consulado de Bolivia)',
  'HispanTV, 29 Jan 2021': 'HispanTV, 29 de enero de 2021',
  'Ministerio de Salud y Deportes, plan nacional (priority groups only until April)':
    'Ministerio de Salud y Deportes, plan nacional (solo grupos prioritarios hasta abril)',
  'SEDES La Paz via El Alteño (La Paz week 1 = 80+)':
    'SEDES La Paz, según El Alteño (La Paz, semana 1: 80 años o más)',
  'El Deber, 5 Apr 2021 (60+ in La Paz, Chuquisaca, Oruro, Tarija, Potosí)':
    'El Deber, 5 de abril de 2021 (60 años o más en La Paz, Chuquisaca, Oruro, Tarija y Potosí)',
  'UNCONFIRMED: El Deber says six departments but names five; the sixth is not encoded. Some departments lowered the age to 50 already in April (not encoded: no department or date given).':
    'NO CONFIRMADO: El Deber habla de seis departamentos pero nombra cinco; el sexto no está codificado. Algunos departamentos bajaron la edad a 50 años ya en abril (no codificado: no se dan departamento ni fecha).',
  'SEDES La Paz via El Alteño (La Paz week 2 = 70–79)':
    'SEDES La Paz, según El Alteño (La Paz, semana 2: de 70 a 79 años)',
  'Date derived from "week 2" of the La Paz schedule that started on Monday 5 Apr 2021.':
    'Fecha deducida de la «semana 2» del cronograma de La Paz, que empezó el lunes 5 de abril de 2021.',
  'SEDES La Paz via El Alteño (La Paz weeks 3–4 = the rest of 60+)':
    'SEDES La Paz, según El Alteño (La Paz, semanas 3 y 4: el resto de 60 años o más)',
  'UNCONFIRMED: the source text is truncated after "weeks 3–4"; date derived from week 3 starting Monday 19 Apr 2021.':
    'NO CONFIRMADO: el texto de la fuente se corta después de «semanas 3 y 4»; fecha deducida de la semana 3, que empieza el lunes 19 de abril de 2021.',
  'Ministerio de Salud y Deportes, plan nacional de marzo 2021 (May 50–59)':
    'Ministerio de Salud y Deportes, plan nacional de marzo de 2021 (mayo: de 50 a 59 años)',
  'UNCONFIRMED: the actual opening date of 50–59 is not known (domain §3.3, §8 question 7); the plan said May. ayni takes 1 May, and assumes 60+ open everywhere by then.':
    'NO CONFIRMADO: no se conoce la fecha real de apertura para 50 a 59 años (archivo de dominio §3.3, §8 pregunta 7); el plan decía mayo. ayni toma el 1 de mayo y supone que para entonces los de 60 años o más estaban habilitados en todo el país.',
  'Agenzia Nova, 14 Jun 2021 (40+ being vaccinated)':
    'Agenzia Nova, 14 de junio de 2021 (se vacunaba a los de 40 años o más)',
  'UNCONFIRMED: 40+ were being vaccinated by 14 Jun 2021; the exact opening date is not known.':
    'NO CONFIRMADO: al 14 de junio de 2021 se vacunaba a los de 40 años o más; no se conoce la fecha exacta de apertura.',
  'Ministerio de Salud y Deportes via Noticias Fides': 'Ministerio de Salud y Deportes, según Noticias Fides',
  'Vicepresidencia via consulado de Bolivia': 'Vicepresidencia, a través del consulado de Bolivia',
  Pulzo: 'Pulzo',
  'Abya Yala TV (16–17 with Pfizer)': 'Abya Yala TV (16 y 17 años, con Pfizer)',
  'CGTN, 13 Nov 2021 (12–17 with parental authorisation)':
    'CGTN, 13 de noviembre de 2021 (12 a 17 años con autorización de los padres)',
  'UNCONFIRMED: 12–17 were being vaccinated by 12 Nov 2021; the exact opening date is not known.':
    'NO CONFIRMADO: al 12 de noviembre de 2021 se vacunaba a los de 12 a 17 años; no se conoce la fecha exacta de apertura.',
  'Orinoco Tribune (5–11, Sinopharm only, December 2021)':
    'Orinoco Tribune (5 a 11 años, solo Sinopharm, diciembre de 2021)',
  'UNCONFIRMED: the source says December 2021 without a day; ayni takes 1 Dec 2021.':
    'NO CONFIRMADO: la fuente dice diciembre de 2021 sin día; ayni toma el 1 de diciembre de 2021.',
  'Ministerio de Salud y Deportes, plan nacional': 'Ministerio de Salud y Deportes, plan nacional',
  'El Deber, 5 Apr 2021 (60+ "and comorbidities")':
    'El Deber, 5 de abril de 2021 (60 años o más «y comorbilidades»)',
  'UNCONFIRMED: the source does not give a minimum age for comorbidities; ayni takes adults (18+).':
    'NO CONFIRMADO: la fuente no da una edad mínima para las comorbilidades; ayni toma a los adultos (18 años o más).',
  'Ministerio de Salud y Deportes, plan nacional de marzo 2021':
    'Ministerio de Salud y Deportes, plan nacional de marzo de 2021',
  'UNCONFIRMED: assumed open everywhere when 50–59 opened (see vaccination_general_minimum_age).':
    'NO CONFIRMADO: se supone habilitado en todo el país cuando se abrió el grupo de 50 a 59 años (véase la edad mínima de la población general).',
  'El Deber, 5 Apr 2021 (all adults 18+ in border municipalities of Santa Cruz, Beni and Pando)':
    'El Deber, 5 de abril de 2021 (todos los adultos de 18 años o más en municipios fronterizos de Santa Cruz, Beni y Pando)',
  'UNCONFIRMED: this began in March 2021 (day unknown; dated here when El Deber reports it under way), and only Puerto Suárez and Puerto Quijarro are named; other border municipalities of Santa Cruz, Beni and Pando are not encoded.':
    'NO CONFIRMADO: empezó en marzo de 2021 (día desconocido; aquí rige desde que El Deber informa que estaba en curso), y solo se nombran Puerto Suárez y Puerto Quijarro; los demás municipios fronterizos de Santa Cruz, Beni y Pando no están codificados.',
  'SEDES La Paz via El Alteño (rotation announced for 5 Apr 2021)':
    'SEDES La Paz, según El Alteño (rotación anunciada para el 5 de abril de 2021)',
  'SEDES La Paz via El Alteño': 'SEDES La Paz, según El Alteño',
  'Lunes 0-1, martes 2-3, miércoles 4-5, jueves 6-7, viernes 8-9':
    'Lunes 0-1, martes 2-3, miércoles 4-5, jueves 6-7, viernes 8-9',
  'datos-bo, La Paz mass-vaccination pilot (same rotation)':
    'datos-bo, piloto de vacunación masiva en La Paz (la misma rotación)',
  'UNCONFIRMED: whether other departments used the rotation (El Deber: "in some cases"), and whether weekends were open — no digit is assigned to Saturday or Sunday, so ayni allows nobody then while the rotation applies. On 3 May 2021 ATB reported endings "9 y 0" at the pilot, which does not match the table.':
    'NO CONFIRMADO si otros departamentos usaron la rotación (El Deber: «en algunos casos») y si se atendía el fin de semana: ningún dígito tiene asignado el sábado ni el domingo, así que ayni no admite a nadie esos días mientras rige la rotación. El 3 de mayo de 2021 ATB informó de las terminaciones «9 y 0» en el piloto, lo que no coincide con la tabla.',
  'Pulzo (from July 2021 the mass points were open walk-in to all 18+)':
    'Pulzo (desde julio de 2021 los puntos masivos atendían sin cita a todos los de 18 años o más)',
  'UNCONFIRMED: the end of the rotation is inferred from walk-in access for all adults from 1 Jul 2021.':
    'NO CONFIRMADO: el fin de la rotación se deduce de la atención sin cita a todos los adultos desde el 1 de julio de 2021.',
  'Unitel (Sputnik V second component after 21 days)':
    'Unitel (segundo componente de Sputnik V a los 21 días)',
  'Bolivia Prensa (Janssen single dose)': 'Bolivia Prensa (Janssen, dosis única)',
  'UNCONFIRMED: AstraZeneca, Sinopharm, Pfizer and Moderna intervals as applied in Bolivia (domain §3.2, §8 question 7); the values are manufacturer labels.':
    'NO CONFIRMADOS los intervalos de AstraZeneca, Sinopharm, Pfizer y Moderna tal como se aplicaron en Bolivia (archivo de dominio §3.2, §8 pregunta 7); los valores son los de los fabricantes.',
  'El Andaluz, 9 Aug 2021 (Gamaleya accepts a gap of up to 90 days)':
    'El Andaluz, 9 de agosto de 2021 (Gamaleya admite un intervalo de hasta 90 días)',
  'Bolivia News (RDIF and Vice-Minister Hidalgo cited up to 180 days)':
    'Bolivia News (el RDIF y el viceministro Hidalgo citaron hasta 180 días)',
  'UNCONFIRMED which extension applied: 90 days (Gamaleya) is encoded; RDIF and the Vice-Minister cited 180 days. Before 9 Aug 2021 no latest day is encoded.':
    'NO CONFIRMADO qué ampliación se aplicó: se codifican 90 días (Gamaleya); el RDIF y el viceministro citaron 180 días. Antes del 9 de agosto de 2021 no se codifica un último día.',
  'Newswep (no booster before 13 Oct 2021)': 'Newswep (ningún refuerzo antes del 13 de octubre de 2021)',
  'Newswep, 13 Oct 2021 (AstraZeneca booster for 60+ and 18+ with comorbidities, second dose at least 8 weeks before)':
    'Newswep, 13 de octubre de 2021 (refuerzo de AstraZeneca para 60 años o más y para 18 años o más con comorbilidades, con la segunda dosis al menos 8 semanas antes)',
  'Diario El Salvador (booster period to close at the end of December 2021)':
    'Diario El Salvador (el periodo de refuerzo cerraría a fines de diciembre de 2021)',
  'UNCONFIRMED whether the booster period was extended past 31 Dec 2021 (a fourth dose existed by June 2022).':
    'NO CONFIRMADO si el periodo de refuerzo se amplió después del 31 de diciembre de 2021 (en junio de 2022 ya existía una cuarta dosis).',
  'Acuerdos (booster opened to everyone 18+ later in October 2021)':
    'Acuerdos (el refuerzo se abrió a todos los de 18 años o más más adelante en octubre de 2021)',
  'UNCONFIRMED: the source says "later in October" without a day; ayni takes 31 Oct 2021, the latest day that fits.':
    'NO CONFIRMADO: la fuente dice «más adelante en octubre» sin día; ayni toma el 31 de octubre de 2021, el último día posible.',
  'Ministerio de Salud y Deportes, plan nacional de marzo 2021 (60+, 50–59, 40–49, 30–39, 18–29; later 16–17, 12–17, 5–11)':
    'Ministerio de Salud y Deportes, plan nacional de marzo de 2021 (60 años o más, 50 a 59, 40 a 49, 30 a 39, 18 a 29; después 16 y 17, 12 a 17, 5 a 11)',
  'Ley 1357': 'Ley 1357',
  'fortuna neta acumulada al 31 de diciembre de cada año':
    'fortuna neta acumulada al 31 de diciembre de cada año',
  '"sea mayor a los Bs30.000.000"': '«sea mayor a los Bs30.000.000»',
  'Ley 1357 (table as reproduced by Ratio Legis to LexLatin)':
    'Ley 1357 (tabla según la reproduce Ratio Legis en LexLatin)',
  'Base imponible 30.000.001–40.000.000: 1,4 %, descuento 150.000; 40.000.001–50.000.000: 1,9 %, 350.000; 50.000.001 en adelante: 2,4 %, 600.000':
    'Base imponible 30.000.001–40.000.000: 1,4 %, descuento 150.000; 40.000.001–50.000.000: 1,9 %, 350.000; 50.000.001 en adelante: 2,4 %, 600.000',
  'Rojas Law Firm on Ley 1357 ("applied progressively to the Taxable Base")':
    'Rojas Law Firm sobre la Ley 1357 («se aplica progresivamente a la base imponible»)',
  'SIN notice 2023 via La Octava (rates 1.4 / 1.9 / 2.4 %)':
    'Aviso del SIN de 2023, según La Octava (alícuotas de 1,4 %, 1,9 % y 2,4 %)',
  'UNCONFIRMED against the Gaceta Oficial text (domain §2.4, §8 question 1): the rates agree in every source, the descuento column comes from one law-firm table. The table is continuous at 40 M and 50 M (tax 410,000 and 600,000 either side). Correct it here, with a new dated value, if the official text differs.':
    'NO CONFIRMADO con el texto de la Gaceta Oficial (archivo de dominio §2.4, §8 pregunta 1): las alícuotas coinciden en todas las fuentes; la columna de descuentos viene de la tabla de un solo bufete. La tabla es continua en 40 y 50 millones (impuesto de 410.000 y 600.000 a ambos lados). Corríjase aquí, con un nuevo valor fechado, si el texto oficial difiere.',
  'Ley 1357 (as reported)': 'Ley 1357 (según la prensa)',
  'fortuna personal propia más el 50 % de la fortuna ganancial':
    'fortuna personal propia más el 50 % de la fortuna ganancial',
  'Rojas Law Firm on Ley 1357': 'Rojas Law Firm sobre la Ley 1357',
  'DS 4436 (as reported by anoticia2)': 'DS 4436 (según anoticia2)',
  'no se computa el menaje doméstico: ropa y efectos personales, muebles, electrodomésticos y accesorios de la casa habitación':
    'no se computa el menaje doméstico: ropa y efectos personales, muebles, electrodomésticos y accesorios de la casa habitación',
  "UNCONFIRMED for unipersonal_enterprise_equity: how the deduction of the enterprise's equity interacts with counting its assets is not settled (domain §2.3, §8 question 3). ayni counts the declared equity as an asset and deducts it, so it adds nothing to the base.":
    'NO CONFIRMADO para el patrimonio de la empresa unipersonal: no está resuelto cómo se combina la deducción de su patrimonio con el cómputo de sus bienes (archivo de dominio §2.3, §8 pregunta 3). ayni computa el patrimonio declarado como un bien y lo deduce, de modo que no suma nada a la base.',
  'saldos de capital de préstamos de entidades reguladas por ASFI, o similares en el exterior para préstamos en el exterior':
    'saldos de capital de préstamos de entidades reguladas por ASFI, o similares en el exterior para préstamos en el exterior',
  'anoticia2 on DS 4436': 'anoticia2 sobre el DS 4436',
  'DS 4436 (as reported)': 'DS 4436 (según la prensa)',
  'el valor admitido en el país donde se encuentra el bien o el valor de mercado, el mayor':
    'el valor admitido en el país donde se encuentra el bien o el valor de mercado, el mayor',
  'valor de mercado, valor de adquisición actualizado por la UFV o el valor establecido para el impuesto a la propiedad':
    'valor de mercado, valor de adquisición actualizado por la UFV o el valor establecido para el impuesto a la propiedad',
  'UNCONFIRMED (domain §2.3, §8 question 2): the source lists three values without saying which prevails. ayni takes the greatest of those declared, like the rule for assets abroad; switch to market_value, ufv_updated_cost or property_tax_value here.':
    'NO CONFIRMADO (archivo de dominio §2.3, §8 pregunta 2): la fuente enumera tres valores sin decir cuál prevalece. ayni toma el mayor de los declarados, como en la regla de los bienes en el exterior; aquí puede elegirse el valor de mercado, el costo actualizado por la UFV o el valor para el impuesto a la propiedad.',
  'SIN notice 2023 via canillita.net': 'Aviso del SIN de 2023, según canillita.net',
  'último día hábil del mes de abril (30 de abril de 2021 para la gestión 2020)':
    'último día hábil del mes de abril (30 de abril de 2021 para la gestión 2020)',
  'The Cartagena Post (SIN results)': 'The Cartagena Post (resultados del SIN)',
  'Business days are Monday to Friday. No Bolivian public holiday can fall in the last week of April (Good Friday is at the latest on 23 April; Labour Day is 1 May), so weekends are the only days to skip.':
    'Los días hábiles son de lunes a viernes. Ningún feriado boliviano puede caer en la última semana de abril (el Viernes Santo es a más tardar el 23 de abril; el Día del Trabajo es el 1 de mayo), así que solo se saltan los fines de semana.',
  'The Cartagena Post (late payers pay with the 200 % fine)':
    'The Cartagena Post (quienes pagan tarde pagan con la multa del 200 %)',
  'Banco Central de Bolivia, tipo de cambio oficial (venta), fixed since 2 Nov 2011':
    'Banco Central de Bolivia, tipo de cambio oficial (venta), fijo desde el 2 de noviembre de 2011',
  'HoyBolivia on the fixed rate': 'HoyBolivia sobre el tipo de cambio fijo',
  "Bs 6.96 is the BCB's selling rate; its buying rate is Bs 6.86. Which of the two the SIN applies to a sworn declaration of the IGF is UNCONFIRMED (domain §7); the issue asks for 6.96.":
    'Bs 6,96 es el tipo de cambio de venta del BCB; el de compra es Bs 6,86. NO CONFIRMADO cuál de los dos aplica el SIN a la declaración jurada del IGF (archivo de dominio §7); el pedido de trabajo pide 6,96.',
  'Banco Central de Bolivia, tipo de cambio oficial del dólar (Bs 6.96)':
    'Banco Central de Bolivia, tipo de cambio oficial del dólar (Bs 6,96)',
  'GBP/USD ≈ 1.366 at the start of 2021 (MarketScreener), × 6.96':
    'GBP/USD ≈ 1,366 a inicios de 2021 (MarketScreener), × 6,96',
  "UNCONFIRMED for EUR and GBP: derived as the market cross rate of 31 Dec 2020 (EUR/USD ≈ 1.227, GBP/USD ≈ 1.366) times Bs 6.96, not read from the BCB's published table of that day. Replace with the BCB's figures when they are read.":
    'NO CONFIRMADO para el euro y la libra: se obtienen del tipo cruzado de mercado del 31 de diciembre de 2020 (EUR/USD ≈ 1,227; GBP/USD ≈ 1,366) por Bs 6,96, no de la tabla publicada por el BCB ese día. Reemplácense por las cifras del BCB cuando se lean.',
  'GBP/USD 1.3758 on 22 Oct 2021 (MarketScreener); cross rates of 31 Dec 2021 (EUR/USD ≈ 1.133, GBP/USD ≈ 1.353) × 6.96':
    'GBP/USD 1,3758 el 22 de octubre de 2021 (MarketScreener); tipos cruzados del 31 de diciembre de 2021 (EUR/USD ≈ 1,133; GBP/USD ≈ 1,353) × 6,96',
  "UNCONFIRMED for EUR and GBP: derived cross rates, not the BCB's published table of 31 Dec 2021.":
    'NO CONFIRMADO para el euro y la libra: tipos cruzados calculados, no la tabla publicada por el BCB el 31 de diciembre de 2021.',
  'Ley 2492 (the Bolivian Tax Code), as amended by Ley 812':
    'Ley 2492 (Código Tributario Boliviano), modificada por la Ley 812',
  'los términos y plazos que vencieran en día inhábil para la Administración Tributaria, se entenderán siempre prorrogados hasta el primer día hábil siguiente':
    'los términos y plazos que vencieran en día inhábil para la Administración Tributaria, se entenderán siempre prorrogados hasta el primer día hábil siguiente',
  'Ley 2492, Art. 4 (compilation, opening of the article)':
    'Ley 2492, Art. 4 (compilación, inicio del artículo)',
  'UNCONFIRMED wording: the compilations read open Art. 4 ("Los plazos relativos a las normas tributarias son perentorios…") but the excerpts end before its paragraph on days not worked; the sentence quoted is the rule as commonly cited. Ley 1357 sets no rule of its own, so the Code applies (its Art. 1).':
    'Redacción NO CONFIRMADA: las compilaciones consultadas abren el Art. 4 («Los plazos relativos a las normas tributarias son perentorios…») pero los extractos terminan antes de su párrafo sobre los días inhábiles; la frase citada es la regla tal como suele citarse. La Ley 1357 no fija una regla propia, así que se aplica el Código (su Art. 1).',
  'DS 1210 of 1 May 2012 (national holidays, including Viernes Santo and 1 May)':
    'DS 1210 del 1 de mayo de 2012 (feriados nacionales, entre ellos el Viernes Santo y el 1 de mayo)',
  'UNCONFIRMED as a list: Good Friday computed by the Gregorian Easter rule; holidays moved by a later decree (a holiday on Sunday moved to Monday) are not listed. Only days near the deadlines matter.':
    'Lista NO CONFIRMADA: el Viernes Santo se calcula con la regla gregoriana de la Pascua; no figuran los feriados trasladados por un decreto posterior (un feriado en domingo que pasa al lunes). Solo importan los días cercanos a los vencimientos.',
  'Banco Central de Bolivia, serie diaria de la UFV': 'Banco Central de Bolivia, serie diaria de la UFV',
  "UNCONFIRMED: approximate value, not read from the BCB's series; load the BCB's daily values before assessing real debts.":
    'NO CONFIRMADO: valor aproximado, no leído de la serie del BCB; cárguense los valores diarios del BCB antes de liquidar deudas reales.',
  "UNCONFIRMED: approximate value, not read from the BCB's series.":
    'NO CONFIRMADO: valor aproximado, no leído de la serie del BCB.',
  'Ley 2492 as amended by Ley 812 of 30 Jun 2016':
    'Ley 2492, modificada por la Ley 812 del 30 de junio de 2016',
  'DT = TO + I; I = TO * ((1 + r/360)^n − 1) … del cuatro por ciento (4%) anual … hasta el último día del cuarto año … del seis por ciento (6%) anual … hasta el último día del séptimo año … del diez por ciento (10%) anual, desde el primer día del octavo año de mora':
    'DT = TO + I; I = TO * ((1 + r/360)^n − 1) … del cuatro por ciento (4%) anual … hasta el último día del cuarto año … del seis por ciento (6%) anual … hasta el último día del séptimo año … del diez por ciento (10%) anual, desde el primer día del octavo año de mora',
  "Quoted from a student's transcription of Ley 812 (and its agreement with a second one, scribd 670617664), not from the Gaceta Oficial.":
    'Citado de la transcripción de la Ley 812 hecha por un estudiante (y de su coincidencia con una segunda, scribd 670617664), no de la Gaceta Oficial.',
  'Ley 2492 as amended by Ley 812': 'Ley 2492, modificada por la Ley 812',
  'The Cartagena Post (late payers of the 2020 IGF pay with the 200 % fine)':
    'The Cartagena Post (quienes pagan tarde el IGF de 2020 pagan con la multa del 200 %)',
  'UNCONFIRMED: Art. 157 of the Code extinguishes the pecuniary sanction for omission of payment when the whole debt is paid before any action of the administration; whether it reaches the 200 % fine of Ley 1357 Art. 15 (a special law) is not settled. The SIN\'s reports say late payers paid with the 200 % fine, so ayni reduces nothing; set "100%" here to apply Art. 157.':
    'NO CONFIRMADO: el Art. 157 del Código extingue la sanción pecuniaria por omisión de pago cuando toda la deuda se paga antes de cualquier actuación de la administración; no está resuelto si alcanza a la multa del 200 % del Art. 15 de la Ley 1357 (una ley especial). Los informes del SIN dicen que quienes pagaron tarde lo hicieron con la multa del 200 %, así que ayni no reduce nada; póngase aquí «100%» para aplicar el Art. 157.',
  'UNCONFIRMED: the two sources disagree on La Paz. El Alteño (SEDES La Paz) gives La Paz week by week: 80+ from 5 Apr, 70+ from 12 Apr, the rest of 60+ from 19 Apr; El Deber gives "60+" from 5 Apr for La Paz with the other four departments. ayni encodes El Alteño for La Paz because it is the department\'s own health service describing its own schedule, in more detail, while El Deber is a Santa Cruz paper summarising six departments in one sentence (and names only five of them); the other departments follow El Deber, the only source for them. The alternative (El Deber: La Paz 60+ from 5 Apr) is one override away, e.g. `ayni rules explain vaccination --date 2021-04-06 --set \'vaccination_general_minimum_age={all: null, departments: {"1": 60, "2": 60, "4": 60, "5": 60, "6": 60}}\'` (an override replaces every dated value, so use it for a date from 5 to 30 Apr 2021). El Deber says six departments but names five; the sixth is not encoded. Some departments lowered the age to 50 already in April (not encoded: no department or date given).':
    'NO CONFIRMADO: las dos fuentes no coinciden sobre La Paz. El Alteño (SEDES La Paz) da La Paz semana por semana: 80 años o más desde el 5 de abril, 70 o más desde el 12 de abril, el resto de 60 o más desde el 19 de abril; El Deber da «60 años o más» desde el 5 de abril para La Paz junto con los otros cuatro departamentos. ayni codifica El Alteño para La Paz porque es el servicio de salud del propio departamento que describe su propio cronograma, con más detalle, mientras que El Deber es un periódico de Santa Cruz que resume seis departamentos en una frase (y solo nombra cinco); los demás departamentos siguen a El Deber, la única fuente para ellos. La alternativa (El Deber: La Paz 60 años o más desde el 5 de abril) está a una sustitución de distancia, p. ej. `ayni rules explain vaccination --date 2021-04-06 --set \'vaccination_general_minimum_age={all: null, departments: {"1": 60, "2": 60, "4": 60, "5": 60, "6": 60}}\'` (una sustitución reemplaza todos los valores fechados, así que úsese para una fecha del 5 al 30 de abril de 2021). El Deber habla de seis departamentos pero nombra cinco; el sexto no está codificado. Algunos departamentos bajaron la edad a 50 años ya en abril (no codificado: no se dan departamento ni fecha).',
  'Newswep (AFP), 13 Oct 2021 (AstraZeneca booster for 60+ and 18+ with comorbidities, second dose at least 8 weeks before; the 800,000 AstraZeneca doses for people who received Sputnik V, Sinopharm or Pfizer)':
    'Newswep (AFP), 13 de octubre de 2021 (refuerzo de AstraZeneca para 60 años o más y para 18 años o más con comorbilidades, con la segunda dosis al menos 8 semanas antes; las 800.000 dosis de AstraZeneca para quienes recibieron Sputnik V, Sinopharm o Pfizer)',
  'eju.tv, Oct 2021, Health Minister Jeyson Auza (the third dose for 60+ and persons with comorbidities who completed the series with Sinopharm or Sputnik V; "those who received Sinopharm can receive AstraZeneca, those who received the second dose of Sputnik V can receive AstraZeneca")':
    'eju.tv, octubre de 2021, ministro de Salud Jeyson Auza (la tercera dosis para 60 años o más y personas con comorbilidades que completaron el esquema con Sinopharm o Sputnik V; «quienes recibieron Sinopharm pueden recibir AstraZeneca, quienes recibieron la segunda dosis de Sputnik V pueden recibir AstraZeneca»)',
  'The primed series are those the sources name for the AstraZeneca booster: Sputnik V and Sinopharm (the Minister, eju.tv) and Pfizer (AFP). AstraZeneca-primed persons are not named by any source: the booster was AstraZeneca given to persons primed with another vaccine (heterologous). Janssen-primed persons had no second dose, and the booster required a completed series with a second dose (the Minister; Acuerdos: the certificate of the second dose). Nobody was Moderna-primed in 2021: the first Moderna lots were expected in January 2022 (domain §3.1). UNCONFIRMED whether the booster period was extended past 31 Dec 2021 (a fourth dose existed by June 2022).':
    'Los esquemas primarios son los que las fuentes nombran para el refuerzo de AstraZeneca: Sputnik V y Sinopharm (el ministro, eju.tv) y Pfizer (AFP). Ninguna fuente nombra a quienes recibieron AstraZeneca en el esquema primario: el refuerzo era AstraZeneca aplicado a quienes recibieron otra vacuna (heterólogo). Quienes recibieron Janssen no tenían segunda dosis, y el refuerzo exigía un esquema completo con segunda dosis (el ministro; Acuerdos: el certificado de la segunda dosis). Nadie tenía un esquema de Moderna en 2021: los primeros lotes de Moderna se esperaban en enero de 2022 (archivo de dominio §3.1). NO CONFIRMADO si el periodo de refuerzo se amplió después del 31 de diciembre de 2021 (en junio de 2022 ya existía una cuarta dosis).',
  'Acuerdos (booster opened to everyone 18+ later in October 2021; the only requirement the certificate of the second dose, at least eight weeks old)':
    'Acuerdos (el refuerzo se abrió a todos los de 18 años o más más adelante en octubre de 2021; el único requisito, el certificado de la segunda dosis con al menos ocho semanas)',
  'Peru.com (EFE), Oct 2021 (from that Tuesday the same AstraZeneca third dose for everyone 18+; queues with the CI and a copy of the second-dose certificate)':
    'Peru.com (EFE), octubre de 2021 (desde ese martes, la misma tercera dosis de AstraZeneca para todos los de 18 años o más; filas con el CI y una copia del certificado de la segunda dosis)',
  'Acuerdos says "later in October" without a day; EFE (Peru.com) dates it: the third dose for everyone 18+ began on a Tuesday, the day the vaccination of 16–17-year-olds was announced to start, a week after the booster for 60+ began (Wednesday 13 Oct): Tuesday 19 Oct 2021. The opening widened the ages only; the primed series stay those named on 13 Oct. Acuerdos calls the second-dose certificate the only requirement, which would also admit AstraZeneca-primed persons (two doses, a certificate): no source says they were boosted with AstraZeneca, so they are not encoded; that reading is `--set \'vaccination_booster={general_minimum_age_years: 18, comorbidity_minimum_age_years: 18, weeks_after_second_dose: 8, primed_products: [sputnik_v, sinopharm, pfizer, astrazeneca], closes_on: "2021-12-31"}\'`.':
    'Acuerdos dice «más adelante en octubre» sin día; EFE (Peru.com) lo fecha: la tercera dosis para todos los de 18 años o más empezó un martes, el día en que se anunció el inicio de la vacunación de 16 y 17 años, una semana después de que empezara el refuerzo para 60 años o más (miércoles 13 de octubre): el martes 19 de octubre de 2021. La apertura solo amplió las edades; los esquemas primarios siguen siendo los nombrados el 13 de octubre. Acuerdos llama al certificado de la segunda dosis el único requisito, lo que también admitiría a quienes recibieron AstraZeneca en el esquema primario (dos dosis, un certificado): ninguna fuente dice que recibieran el refuerzo de AstraZeneca, así que no se codifican; esa lectura es `--set \'vaccination_booster={general_minimum_age_years: 18, comorbidity_minimum_age_years: 18, weeks_after_second_dose: 8, primed_products: [sputnik_v, sinopharm, pfizer, astrazeneca], closes_on: "2021-12-31"}\'`.',
  'Art. 15 (per Erbol via canillita.net)': 'Art. 15 (según Erbol, a través de canillita.net)',
  'Art. 157 (Arrepentimiento eficaz)': 'Art. 157 (Arrepentimiento eficaz)',
  'Art. 4 (Plazos y términos)': 'Art. 4 (Plazos y términos)',
  'Art. 4': 'Art. 4',
  'Art. 47 (Componentes de la deuda tributaria)': 'Art. 47 (Componentes de la deuda tributaria)',
  'Art. 5': 'Art. 5',
  'Art. 8 §II': 'Art. 8 §II',
};
