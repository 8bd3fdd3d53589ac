import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clientAddress } from '../../src/access/client-address.ts';
import { describeFailure } from '../../src/messages/index.ts';
import { loadConfig, readConfig } from '../../src/shared/config.ts';
import { canonicalAddress, type NetworkList, parseNetworks } from '../../src/shared/ip-networks.ts';

/**
 * The client address behind trusted proxies (AYNI_TRUSTED_PROXIES): X-Forwarded-For is believed
 * only from them, read from the right; the first address that is not a trusted proxy is the client.
 */

function networks(spec: string): NetworkList {
  const parsed = parseNetworks(spec);
  assert.ok(parsed.ok, `parses ${spec}`);
  return parsed.value;
}

describe('addresses and networks', () => {
  test('one written form per address: IPv6 compressed in lower case, IPv4-mapped as IPv4', () => {
    assert.equal(canonicalAddress(' 192.0.2.7 '), '192.0.2.7');
    assert.equal(canonicalAddress('2001:DB8:0:0:0:0:0:1'), '2001:db8::1');
    assert.equal(canonicalAddress('::ffff:10.0.0.7'), '10.0.0.7');
    assert.equal(canonicalAddress('::FFFF:0a00:0007'), '10.0.0.7');
    assert.equal(canonicalAddress('::1'), '::1');
    assert.equal(canonicalAddress('FE80::1%eth0'), 'fe80::1');
    for (const bad of ['', 'unknown', '10.0.0', '300.1.1.1', '10.0.0.1:80', '[::1]', '::g'])
      assert.equal(canonicalAddress(bad), null, bad);
  });

  test('a list of addresses and CIDR networks, IPv4 and IPv6; a bad entry is named', () => {
    const list = networks(' 10.0.0.0/8, 192.0.2.10 ,, 2001:db8:ab::/48, ::1');
    assert.deepEqual(list.entries, ['10.0.0.0/8', '192.0.2.10', '2001:db8:ab::/48', '::1']);
    for (const inside of ['10.200.3.4', '::ffff:10.1.1.1', '192.0.2.10', '2001:db8:ab:ff::9', '::1'])
      assert.ok(list.has(inside), inside);
    for (const outside of ['11.0.0.1', '192.0.2.11', '2001:db8:ac::1', '::2', 'nonsense'])
      assert.ok(!list.has(outside), outside);
    for (const bad of ['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/8/1', 'proxy.example', '10.0.0.0/x', '/8'])
      assert.deepEqual(parseNetworks(`10.0.0.1, ${bad}`), { ok: false, bad });
    assert.deepEqual(networks('').entries, []);
  });

  test('AYNI_TRUSTED_PROXIES is read into the configuration, and refused when an entry is not an address', () => {
    assert.deepEqual(loadConfig({}).trustedProxies, []);
    assert.deepEqual(loadConfig({ AYNI_TRUSTED_PROXIES: '10.0.0.2, fd00::/8' }).trustedProxies, [
      '10.0.0.2',
      'fd00::/8',
    ]);
    const refused = readConfig({ AYNI_TRUSTED_PROXIES: '10.0.0.2, proxy.internal' });
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, 'config_invalid');
    assert.match(describeFailure(refused.error, 'en').detail, /AYNI_TRUSTED_PROXIES.*proxy\.internal/);
  });
});

describe('the client behind trusted proxies', () => {
  const proxies = networks('10.0.0.0/24, 2001:db8:1::/64');

  test('without trusted proxies, or from a peer that is not one, the header is ignored', () => {
    assert.equal(clientAddress('198.51.100.4', '10.9.9.9', null), '198.51.100.4');
    assert.equal(clientAddress('::ffff:198.51.100.4', '10.9.9.9', null), '198.51.100.4');
    assert.equal(clientAddress('198.51.100.4', '203.0.113.1', proxies), '198.51.100.4', 'forged');
    assert.equal(clientAddress(null, '203.0.113.1', proxies), null);
  });

  test('from a trusted proxy, the rightmost address that is not a trusted proxy is the client', () => {
    assert.equal(clientAddress('10.0.0.2', '198.51.100.4', proxies), '198.51.100.4');
    // Whatever the client wrote itself stays on the left and is never reached.
    assert.equal(clientAddress('10.0.0.2', '10.0.0.9, 203.0.113.1, 198.51.100.4', proxies), '198.51.100.4');
    // Two proxies in a row (IPv6 inside): both skipped.
    assert.equal(
      clientAddress('::ffff:10.0.0.2', '203.0.113.1, 198.51.100.4, 2001:DB8:1::7', proxies),
      '198.51.100.4',
    );
    // Several X-Forwarded-For headers arrive joined by commas; spaces and ports are tolerated.
    assert.equal(clientAddress('10.0.0.2', '203.0.113.1,198.51.100.4:51234', proxies), '198.51.100.4');
    assert.equal(clientAddress('10.0.0.2', '[2001:db8:9::5]:443', proxies), '2001:db8:9::5');
  });

  test('a trusted proxy without the header, or a chain of trusted proxies only, or garbage', () => {
    assert.equal(clientAddress('10.0.0.2', undefined, proxies), '10.0.0.2');
    assert.equal(clientAddress('10.0.0.2', '', proxies), '10.0.0.2');
    assert.equal(clientAddress('10.0.0.2', '10.0.0.3, 10.0.0.4', proxies), '10.0.0.3');
    // Nothing left of an entry that is no address can be believed: the last trusted hop is kept.
    assert.equal(clientAddress('10.0.0.2', '198.51.100.4, unknown, 10.0.0.4', proxies), '10.0.0.4');
  });
});
