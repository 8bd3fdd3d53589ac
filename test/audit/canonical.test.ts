import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditEntryHash, canonicalJson, GENESIS_HASH, toAuditJson } from '../../src/audit/index.ts';
import { AssertionFailure } from '../../src/shared/assert.ts';

test('canonicalJson sorts keys at every level and writes no white space', () => {
  assert.equal(
    canonicalJson({ b: 1, a: [true, 'x', { d: null, c: 2 }] }),
    '{"a":[true,"x",{"c":2,"d":null}],"b":1}',
  );
  assert.equal(canonicalJson({ b: 1, a: 2 }), canonicalJson({ a: 2, b: 1 }));
  // UTF-16 code unit order (RFC 8785): upper case before lower case, 'é' after 'z'.
  assert.equal(canonicalJson({ é: 1, z: 2, Z: 3 }), '{"Z":3,"z":2,"é":1}');
  assert.equal(canonicalJson([1e21, 0.1, -0, 5e-7]), '[1e+21,0.1,0,5e-7]');
  assert.equal(canonicalJson('a"b\\c\n'), '"a\\"b\\\\c\\n"');
});

test('toAuditJson turns bigint, Date and undefined into plain JSON', () => {
  assert.deepEqual(toAuditJson({ amountCentavos: 100_000n, at: new Date(0), gone: undefined, list: [1n] }), {
    amountCentavos: '100000',
    at: '1970-01-01T00:00:00.000Z',
    list: ['1'],
  });
});

test('toAuditJson refuses what jsonb would not give back unchanged', () => {
  for (const bad of [
    { n: Number.NaN },
    { n: Number.POSITIVE_INFINITY },
    { s: 'a\u0000b' },
    { s: '\uD800' },
    { m: new Map() },
    { f: () => 1 },
    [undefined],
  ]) {
    assert.throws(() => toAuditJson(bad), AssertionFailure, JSON.stringify(String(bad)));
  }
  let deep: unknown = 1;
  for (let i = 0; i < 40; i++) deep = [deep];
  assert.throws(() => toAuditJson(deep), AssertionFailure);
});

test('auditEntryHash depends on every field', () => {
  const base = {
    prevHash: GENESIS_HASH,
    seq: 1n,
    at: new Date('2021-03-01T12:00:00.000Z'),
    actor: 'system',
    action: 'account.created',
    entityType: 'account',
    entityId: 'ana',
    before: null,
    after: { roles: ['bono_officer'] },
  };
  const h = auditEntryHash(base);
  assert.match(h, /^[0-9a-f]{64}$/);
  assert.equal(auditEntryHash({ ...base }), h);
  const changes = [
    { prevHash: '1'.repeat(64) },
    { seq: 2n },
    { at: new Date('2021-03-01T12:00:00.001Z') },
    { actor: 'cli:root' },
    { action: 'account.disabled' },
    { entityType: 'api_credential' },
    { entityId: 'anb' },
    { entityId: null },
    { before: { roles: [] } },
    { after: { roles: ['auditor'] } },
    { after: null },
  ];
  for (const change of changes)
    assert.notEqual(auditEntryHash({ ...base, ...change }), h, Object.keys(change).join());
  // Fields cannot run into each other: moving text between actor and action changes the hash.
  assert.notEqual(
    auditEntryHash({ ...base, actor: 'system', action: 'a.b' }),
    auditEntryHash({ ...base, actor: 'systema', action: '.b' }),
  );
});
