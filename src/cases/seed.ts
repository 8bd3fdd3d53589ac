import type { Database } from '../db/database.ts';
import { ok, passOn, type Result } from '../shared/failure.ts';
import { investigationByCode } from './case.repository.ts';
import type { CaseReader } from './case-access.ts';
import { addAct, addEvent, addPerson, openInvestigation } from './case-file.ts';
import type { CasesFailure } from './cases.failures.ts';
import type { EvidenceBlobs, Investigation } from './cases.types.ts';
import { addEvidence } from './evidence-items.ts';
import { addFinding } from './findings.ts';
import { addStatement } from './testimony.ts';

/**
 * A SYNTHETIC investigation shaped like the public facts of Sacaba (Huayllani bridge, Cochabamba,
 * 15 Nov 2019) and Senkata (El Alto, YPFB plant, 19 Nov 2019): ten dead by firearm in each, the
 * GIEI-Bolivia's counts (../shared/domain/bolivia-programmes.md §6). Every person, document and
 * statement here is invented: no real victim, witness or official is named. Coordinates and hours
 * are approximate. Idempotent: a second run finds the investigation and changes nothing.
 */

export const SEED_CASE_CODE = 'SINT-2019-SACABA-SENKATA';

const SEED_AT = new Date('2021-03-01T12:00:00Z');

interface SeedEvent {
  key: 'SAC' | 'SEN';
  title: string;
  placeName: string;
  latitude: number;
  longitude: number;
  startsAt: string;
  endsAt: string;
  description: string;
}

const EVENTS: readonly SeedEvent[] = [
  {
    key: 'SAC',
    title: 'Puente Huayllani, Sacaba (sintético)',
    placeName: 'Puente Huayllani, Sacaba, Cochabamba',
    latitude: -17.3986,
    longitude: -66.0436,
    startsAt: '2019-11-15T19:00:00Z',
    endsAt: '2019-11-15T23:30:00Z',
    description:
      'Hecho sintético con la forma de los hechos públicos: represión de una marcha en el puente; coordenadas y horas aproximadas.',
  },
  {
    key: 'SEN',
    title: 'Planta de YPFB, Senkata, El Alto (sintético)',
    placeName: 'Planta de YPFB, Senkata, El Alto, La Paz',
    latitude: -16.572,
    longitude: -68.199,
    startsAt: '2019-11-19T13:00:00Z',
    endsAt: '2019-11-19T19:00:00Z',
    description:
      'Hecho sintético con la forma de los hechos públicos: operativo en la planta de combustibles; coordenadas y horas aproximadas.',
  },
];

/** Ten dead in each event (GIEI-Bolivia), all by firearm. */
const VICTIMS_PER_EVENT = 10;

const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * Seeds the synthetic investigation with `investigator` as its first team member. Returns the
 * investigation (existing or new).
 *
 * @example await seedCaseFile(db, evidenceStoreFor(dataDir), { username: 'demo.investigador', actor: 'account:demo.investigador' })
 */
export async function seedCaseFile(
  db: Database,
  blobs: EvidenceBlobs,
  investigator: CaseReader,
  at: Date = SEED_AT,
): Promise<Result<{ investigation: Investigation; created: boolean }, CasesFailure>> {
  const existing = await investigationByCode(db, SEED_CASE_CODE);
  if (existing) return ok({ investigation: existing, created: false });
  const opened = await openInvestigation(
    db,
    {
      code: SEED_CASE_CODE,
      title: 'Sacaba y Senkata, noviembre de 2019 (investigación sintética de demostración)',
      summary:
        'Datos sintéticos con la forma de los hechos públicos (GIEI-Bolivia: 10 muertos en cada hecho, por arma de fuego). Ninguna persona es real.',
      openedOn: '2021-01-04',
    },
    investigator,
    at,
  );
  if (!opened.ok) return passOn(opened);
  const code = SEED_CASE_CODE;
  for (const e of EVENTS) {
    const event = await addEvent(
      db,
      code,
      {
        title: e.title,
        eventType: 'protest_repression',
        placeName: e.placeName,
        latitude: e.latitude,
        longitude: e.longitude,
        startsAt: new Date(e.startsAt),
        endsAt: new Date(e.endsAt),
        description: e.description,
      },
      investigator,
      at,
    );
    if (!event.ok) return passOn(event);
    const video = await addEvidence(
      db,
      blobs,
      code,
      {
        title: `Video de celular, ${e.placeName} (sintético)`,
        kind: 'video',
        mediaType: 'application/octet-stream',
        bytes: utf8(`VIDEO SINTETICO ${e.key} — no es evidencia real.\n`),
        eventId: event.value.id,
        collection: {
          by: 'Equipo de investigación (sintético)',
          place: e.placeName,
          collectedAt: new Date(Date.parse(e.endsAt) + 86_400_000),
          method: 'Entregado por un vecino en una memoria USB; copia forense con hash en el acto',
        },
      },
      investigator,
      at,
    );
    if (!video.ok) return passOn(video);
    const witness = await addPerson(
      db,
      code,
      {
        code: `T-${e.key}-01`,
        fullName: `Testigo Protegido Sintético ${e.key}`,
        roles: ['witness'],
        sex: 'unknown',
        protected: true,
      },
      investigator,
      at,
    );
    if (!witness.ok) return passOn(witness);
    const transcript = await addEvidence(
      db,
      blobs,
      code,
      {
        title: `Transcripción del testimonio T-${e.key}-01 (sintético)`,
        kind: 'transcript',
        mediaType: 'text/plain',
        bytes: utf8(
          `TRANSCRIPCION SINTETICA ${e.key}: el testigo relata disparos desde la posición de las fuerzas.\n`,
        ),
        eventId: event.value.id,
        collection: {
          by: 'Entrevistador del equipo (sintético)',
          place: e.key === 'SAC' ? 'Sacaba' : 'El Alto',
          collectedAt: new Date('2021-02-10T15:00:00Z'),
          method: 'Entrevista grabada con consentimiento y transcrita',
        },
      },
      investigator,
      at,
    );
    if (!transcript.ok) return passOn(transcript);
    const statement = await addStatement(
      db,
      code,
      {
        witnessPersonId: witness.value.id,
        eventId: event.value.id,
        takenAt: new Date('2021-02-10T15:00:00Z'),
        placeName: e.key === 'SAC' ? 'Sacaba' : 'El Alto',
        language: e.key === 'SAC' ? 'qu' : 'ay',
        interpreter: 'Intérprete sintético',
        interviewer: 'Entrevistador del equipo (sintético)',
        consentGiven: true,
        consentScope: 'prosecution',
        summary: 'Relato sintético de los disparos y de la atención a los heridos.',
        transcriptItemId: transcript.value.item.id,
      },
      investigator,
      at,
    );
    if (!statement.ok) return passOn(statement);
    const autopsies: bigint[] = [];
    for (let n = 1; n <= VICTIMS_PER_EVENT; n++) {
      const nn = String(n).padStart(2, '0');
      const family = `FAM-${e.key}-${nn}`;
      const victim = await addPerson(
        db,
        code,
        {
          code: `V-${e.key}-${nn}`,
          fullName: `Víctima Sintética ${e.key} ${nn}`,
          roles: ['victim'],
          sex: n % 4 === 0 ? 'female' : 'male',
          familyCode: family,
        },
        investigator,
        at,
      );
      if (!victim.ok) return passOn(victim);
      const autopsy = await addEvidence(
        db,
        blobs,
        code,
        {
          title: `Protocolo de autopsia V-${e.key}-${nn} (sintético)`,
          kind: 'autopsy_report',
          mediaType: 'text/plain',
          bytes: utf8(
            `PROTOCOLO DE AUTOPSIA SINTETICO V-${e.key}-${nn}: herida por proyectil de arma de fuego.\n`,
          ),
          eventId: event.value.id,
          familyCode: family,
          collection: {
            by: 'Médico forense (sintético)',
            place: e.key === 'SAC' ? 'Morgue, Cochabamba' : 'Morgue, El Alto',
            collectedAt: new Date(Date.parse(e.endsAt) + 2 * 86_400_000),
            method: 'Copia certificada del protocolo, recibida de la Fiscalía',
          },
        },
        investigator,
        at,
      );
      if (!autopsy.ok) return passOn(autopsy);
      autopsies.push(autopsy.value.item.id);
      const shotAt = new Date(Date.parse(e.startsAt) + n * 15 * 60_000);
      const killing = await addAct(
        db,
        code,
        {
          eventId: event.value.id,
          actType: 'killing',
          victimPersonId: victim.value.id,
          startsAt: shotAt,
          placeName: e.placeName,
          causeOfDeath: 'gunshot_wound',
          description: 'Según el protocolo de autopsia (sintético).',
          source: { kind: 'item', id: autopsy.value.item.id },
        },
        investigator,
        at,
      );
      if (!killing.ok) return passOn(killing);
      // The witness tells the first victim's death two hours later than the autopsy's estimate:
      // the analysis flags it as a contradiction between sources.
      if (n === 1) {
        const told = await addAct(
          db,
          code,
          {
            eventId: event.value.id,
            actType: 'killing',
            victimPersonId: victim.value.id,
            startsAt: new Date(shotAt.getTime() + 2 * 3_600_000),
            placeName: e.placeName,
            causeOfDeath: 'gunshot_wound',
            description: 'Según el testimonio (sintético).',
            source: { kind: 'statement', id: statement.value.id },
          },
          investigator,
          at,
        );
        if (!told.ok) return passOn(told);
      }
    }
    // The report's finding for the event: the deaths and their cause, resting on every autopsy
    // and on the witness's statement (whose transcript is cited with it).
    const finding = await addFinding(
      db,
      code,
      {
        title: `${VICTIMS_PER_EVENT} muertes por proyectil de arma de fuego en ${e.placeName} (sintético)`,
        text: `Los ${VICTIMS_PER_EVENT} protocolos de autopsia establecen herida por proyectil de arma de fuego como causa de muerte; el testimonio T-${e.key}-01 relata disparos desde la posición de las fuerzas. Una diferencia de dos horas entre el testimonio y la autopsia sobre la primera muerte queda señalada como contradicción.`,
        sources: [
          ...autopsies.map((id) => ({ kind: 'item' as const, id })),
          { kind: 'statement' as const, id: statement.value.id },
        ],
      },
      investigator,
      at,
    );
    if (!finding.ok) return passOn(finding);
  }
  return ok({ investigation: opened.value, created: true });
}
