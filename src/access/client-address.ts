import { canonicalAddress, type NetworkList } from '../shared/ip-networks.ts';

/**
 * The address a request comes from, for the per-address limits (sign-in, citizen look-ups,
 * grievance filings) and the audit trail.
 *
 * Behind the TLS proxy that production requires, every connection comes from the proxy: counted
 * by the socket's address, twenty wrong look-ups by anyone locked every citizen out, and a hundred
 * failed sign-ins every officer. The proxy says whom it forwards in `X-Forwarded-For`, appending
 * the address it received the request from to whatever the request already carried, so only the
 * entries it and the other trusted proxies appended are true: everything to their left was written
 * by the client and may be forged. Hence the header is believed only from a trusted proxy, read
 * from the right, and the first address that is not a trusted proxy is the client's.
 *
 * @example
 *   clientAddress('10.0.0.2', '203.0.113.9, 198.51.100.4', proxies) // '198.51.100.4' when 10.0.0.2 is a proxy
 *   clientAddress('198.51.100.4', '10.9.9.9', proxies) // '198.51.100.4': the header of a client is not believed
 */
export function clientAddress(
  peer: string | null | undefined,
  forwardedFor: string | null | undefined,
  trustedProxies: NetworkList | null,
): string | null {
  const socket = peer ? canonicalAddress(peer) : null;
  if (socket === null) return null;
  if (!trustedProxies?.has(socket) || !forwardedFor) return socket;
  const hops = forwardedFor.split(',');
  let client = socket;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = canonicalAddress(withoutPort(hops[i]!.trim()));
    // Not an address (`unknown`, garbage): nothing further left can be believed; the last trusted
    // hop is the best we know.
    if (hop === null) break;
    client = hop;
    if (!trustedProxies.has(hop)) break;
  }
  return client;
}

/** `198.51.100.4:5123` → `198.51.100.4`, `[2001:db8::1]:443` → `2001:db8::1`; anything else as it is. */
function withoutPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return v4 ? v4[1]! : hop;
}
