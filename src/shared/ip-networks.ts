import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * IP addresses and networks, IPv4 and IPv6, as an operator writes them in a setting
 * (`10.0.0.5, 10.1.0.0/16, 2001:db8::/32`), and the one written form of an address that ayni keys
 * its per-address limits by.
 */

/**
 * The canonical text of an IP address: IPv4 dotted, IPv6 compressed in lower case, and an
 * IPv4-mapped IPv6 address (`::ffff:10.0.0.7`, what a dual-stack socket reports for an IPv4 peer)
 * as the IPv4 address it is, so one client never counts as two. Null when the text is no address.
 *
 * @example canonicalAddress('::FFFF:10.0.0.7') // '10.0.0.7'
 * @example canonicalAddress('2001:DB8:0::1') // '2001:db8::1'
 */
export function canonicalAddress(text: string): string | null {
  const s = text.trim();
  if (isIPv4(s)) return s;
  if (!isIPv6(s)) return null;
  // A zone (`fe80::1%eth0`) names the server's own interface, not the client: dropped. The WHATWG
  // URL parser writes IPv6 hosts in RFC 5952 form.
  const v6 = new URL(`http://[${s.replace(/%.*$/, '')}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
  if (!mapped) return v6;
  const hi = Number.parseInt(mapped[1]!, 16);
  const lo = Number.parseInt(mapped[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/**
 * A list of addresses and networks to test addresses against.
 *
 * @example const proxies = parseNetworks('10.0.0.0/8, ::1'); if (proxies.ok) proxies.value.has('10.2.3.4') // true
 */
export interface NetworkList {
  /** Whether `address` (any written form) is one of the list's addresses or inside one of its networks. */
  has(address: string): boolean;
  /** The entries as written, trimmed. */
  readonly entries: readonly string[];
}

/**
 * Reads a comma-separated list of IP addresses and CIDR networks (`192.0.2.10`, `10.0.0.0/8`,
 * `2001:db8::/32`, `::1`). Empty entries are skipped; anything else that is not an address or a
 * network with a prefix length in range is refused, naming it.
 *
 * @example parseNetworks('10.0.0.0/8, fd00::/8') // { ok: true, value: NetworkList }
 * @example parseNetworks('10.0.0.0/33') // { ok: false, bad: '10.0.0.0/33' }
 */
export function parseNetworks(spec: string): { ok: true; value: NetworkList } | { ok: false; bad: string } {
  const list = new BlockList();
  const entries: string[] = [];
  for (const raw of spec.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [host = '', prefix, extra] = entry.split('/');
    const address = canonicalAddress(host);
    const family = address === null ? null : isIPv4(address) ? 'ipv4' : 'ipv6';
    if (address === null || family === null || extra !== undefined) return { ok: false, bad: entry };
    if (prefix === undefined) list.addAddress(address, family);
    else {
      const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
      if (!(bits >= 0 && bits <= (family === 'ipv4' ? 32 : 128))) return { ok: false, bad: entry };
      list.addSubnet(address, bits, family);
    }
    entries.push(entry);
  }
  return {
    ok: true,
    value: {
      entries,
      has(text: string): boolean {
        const address = canonicalAddress(text);
        if (address === null) return false;
        return list.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
      },
    },
  };
}
