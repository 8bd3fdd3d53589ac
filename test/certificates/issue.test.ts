import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { verifyStepOf } from '../../src/certificates/certificates.failures.ts';
import { verifyHc1 } from '../../src/certificates/hc1.ts';
import { issueCertificate, revokeCertificate } from '../../src/certificates/issue.ts';
import { revokeSigner, rotateSigner } from '../../src/certificates/issuer-keys.ts';
import { keyFolder } from '../../src/certificates/key-store.ts';
import { revocationCheck } from '../../src/certificates/revocation.ts';
import { acceptTrustList, signedTrustList, type TrustStore } from '../../src/certificates/trust-list.ts';
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
 * Certificates issued from the nominal registry, on a real database: the certificate verifies with
 * the published trust list; issuing again for the same dose returns it; a revoked certificate and a
 * revoked signer fail at their steps; a rotated signer's certificates still verify; private keys
 * are files of mode 0600 and not in the database.
 */

const SITE = 'lp-cert';
let t: TestDatabase;
let folder: string;
let people: TestPerson[];
const AT = new Date('2021-12-28T14:00:00Z');

async function trust(at = AT): Promise<TrustStore> {
  const list = await signedTrustList(t.db, { folder, at });
  assert.ok(list, 'the issuer has a trust list');
  const accepted = acceptTrustList(list);
  assert.ok(accepted, 'the trust list verifies');
  return accepted;
}

function verify(hc1: string, store: TrustStore, at = new Date('2022-01-05T12:00:00Z')) {
  return verifyHc1(hc1, { signerOf: store.signerOf, at, revokedOn: revocationCheck(store.revocations) });
}

before(async () => {
  t = await createTestDatabase();
  folder = keyFolder(t.dir);
  await seedCountry(t.db, t.dir, 400);
  await stockLocations(t.db);
  await site(t.db, { code: SITE });
  const lot1 = await stockedLot(t.db, {
    product: 'sputnik_v_1',
    lotNumber: 'SV1-C',
    expiresOn: '2021-12-31',
    doses: 50n,
    siteCode: SITE,
  });
  const lot2 = await stockedLot(t.db, {
    product: 'sputnik_v_2',
    lotNumber: 'SV2-C',
    expiresOn: '2021-12-31',
    doses: 50n,
    siteCode: SITE,
  });
  people = await persons(t.db, { bornBefore: '1955-01-01', limit: 3 });
  for (const [i, p] of people.entries()) {
    for (const [n, lot, on] of [
      [1, lot1, '2021-06-01'],
      [2, lot2, '2021-06-22'],
    ] as const) {
      okValue(
        await recordDose(t.db, {
          person: keyOf(p),
          product: lot.product,
          lotId: lot.id,
          site: SITE,
          givenOn: on,
          doseNumber: n,
          idempotencyKey: `cert-${i}-${n}`,
          actor: ACTOR,
          recordedAt: new Date(`${on}T15:00:00Z`),
        }),
      );
    }
  }
});
after(() => t.dispose());

test('a certificate issued from the nominal registry verifies with the published trust list', async () => {
  const issued = okValue(
    await issueCertificate(t.db, { person: keyOf(people[0]!), folder, at: AT, actor: ACTOR }),
  );
  assert.equal(issued.replayed, false);
  const result = verify(issued.certificate.hc1, await trust());
  assert.ok(result.ok, JSON.stringify(result));
  const v = (result.value.claims.hcert.v as Record<string, unknown>[])[0]!;
  assert.equal(v.dn, 2);
  assert.equal(v.sd, 2);
  assert.equal(v.mp, 'Sputnik-V');
  assert.equal(v.dt, '2021-06-22');
  assert.equal(v.ci, issued.certificate.uvci);
  assert.equal(result.value.claims.issuer, 'BO');
  assert.equal(result.value.claims.hcert.dob, people[0]!.dateOfBirth);
});

test('issuing again for the same dose returns the same certificate, also when asked at once', async () => {
  const person = keyOf(people[1]!);
  const all = await Promise.all(
    Array.from({ length: 5 }, () => issueCertificate(t.db, { person, folder, at: AT, actor: ACTOR })),
  );
  const ids = new Set(all.map((r) => okValue(r).certificate.id));
  assert.equal(ids.size, 1);
  const again = okValue(
    await issueCertificate(t.db, { person, folder, at: new Date('2021-12-29T10:00:00Z'), actor: ACTOR }),
  );
  assert.equal(again.replayed, true);
  assert.ok(ids.has(again.certificate.id));
  const audited = await t.db.query<{ n: bigint }>(
    "SELECT count(*) AS n FROM audit_entry WHERE action = 'certificate.issued' AND entity_id = $1",
    [String(again.certificate.id)],
  );
  assert.equal(Number(audited[0]!.n), 1);
});

test('a revoked certificate fails at the revocation step; revoking it again changes nothing', async () => {
  const issued = okValue(
    await issueCertificate(t.db, { person: keyOf(people[1]!), folder, at: AT, actor: ACTOR }),
  );
  const revoked = okValue(
    await revokeCertificate(t.db, {
      certificateId: issued.certificate.id,
      reason: 'issued_in_error',
      at: AT,
      actor: ACTOR,
    }),
  );
  assert.equal(revoked.replayed, false);
  const result = verify(issued.certificate.hc1, await trust());
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.error.code, 'hc1_revoked');
  assert.equal(!result.ok && verifyStepOf(result.error), 'revocation');
  const twice = okValue(
    await revokeCertificate(t.db, {
      certificateId: issued.certificate.id,
      reason: 'issued_in_error',
      at: AT,
      actor: ACTOR,
    }),
  );
  assert.equal(twice.replayed, true);
  const list = await signedTrustList(t.db, { folder, at: AT });
  assert.equal(acceptTrustList(list!)!.revocations.length, 3, 'three hashes: UCI, country + UCI, signature');
  // The list names nobody: no UVCI, no name in its text.
  assert.ok(!list!.payload.includes(issued.certificate.uvci));
  // A revoked dose can be certified again (a new certificate, a new UVCI).
  const reissued = okValue(
    await issueCertificate(t.db, { person: keyOf(people[1]!), folder, at: AT, actor: ACTOR }),
  );
  assert.notEqual(reissued.certificate.uvci, issued.certificate.uvci);
  assert.ok(verify(reissued.certificate.hc1, await trust()).ok);
});

test("after rotation the old signer's certificates still verify; a revoked signer's fail at the key step", async () => {
  const before = okValue(
    await issueCertificate(t.db, { person: keyOf(people[0]!), folder, at: AT, actor: ACTOR }),
  );
  const rotated = okValue(
    await rotateSigner(t.db, { folder, at: new Date('2021-12-30T10:00:00Z'), actor: ACTOR }),
  );
  assert.equal(rotated.retired, before.certificate.kid);
  const store = await trust();
  assert.ok(verify(before.certificate.hc1, store).ok, 'a retired signer still verifies');
  const fresh = okValue(
    await issueCertificate(t.db, {
      person: keyOf(people[2]!),
      folder,
      at: new Date('2021-12-30T11:00:00Z'),
      actor: ACTOR,
    }),
  );
  assert.equal(fresh.certificate.kid, rotated.kid);
  okValue(
    await revokeSigner(t.db, {
      kid: before.certificate.kid,
      reason: 'key compromised',
      at: AT,
      actor: ACTOR,
    }),
  );
  const after = verify(before.certificate.hc1, await trust());
  assert.equal(!after.ok && after.error.code, 'hc1_key_revoked');
  assert.ok(verify(fresh.certificate.hc1, await trust()).ok);
});

test('a trust list altered after signing, or under another CSCA than the pinned one, is refused', async () => {
  const list = (await signedTrustList(t.db, { folder, at: AT }))!;
  assert.ok(acceptTrustList(list));
  assert.equal(
    acceptTrustList({ ...list, payload: list.payload.replace('"revoked"', '"active"') }),
    undefined,
  );
  assert.equal(acceptTrustList(list, '00:11'), undefined);
  assert.ok(acceptTrustList(list, acceptTrustList(list)!.cscaFingerprint));
});

test('private keys are files readable by their owner only, and not in the database', async () => {
  const files = await readdir(folder);
  assert.ok(files.includes('csca.pem'));
  assert.ok(files.filter((f) => f.startsWith('signer-')).length >= 2);
  assert.equal((await stat(folder)).mode & 0o777, 0o700);
  for (const f of files) assert.equal((await stat(path.join(folder, f))).mode & 0o777, 0o600, f);
  const rows = await t.db.query<{ n: bigint }>(
    "SELECT count(*) AS n FROM certificate_signer WHERE encode(certificate, 'escape') LIKE '%PRIVATE KEY%'",
  );
  assert.equal(Number(rows[0]!.n), 0);
});
