import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Where a customer URL may lead: addresses in `allowedPrivateCidrs` pass although not public. */
export interface OutboundPolicy {
  /** OUTBOUND_ALLOW_PRIVATE_CIDRS: empty in production; test harnesses allow their local receiver. */
  allowedPrivateCidrs: readonly string[];
}

/** An address a customer URL resolved to, checked and pinned for the connection. */
export interface PinnedAddress {
  address: string;
  family: 4 | 6;
}

/** Why a customer URL is refused before any connection; never retried (the URL must change). */
export class RefusedDestinationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedDestinationError';
  }
}

type ParsedCidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Parses the allow-list once; a bad entry fails loudly rather than silently allowing nothing. */
export function parseCidrs(cidrs: readonly string[]): ParsedCidr[] {
  return cidrs.map((cidr) => {
    try {
      const [addr, bits] = ipaddr.parseCIDR(cidr);
      return [
        addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? (addr as ipaddr.IPv6).toIPv4Address() : addr,
        bits,
      ] as ParsedCidr;
    } catch {
      throw new Error(`not a CIDR range: ${cidr}`);
    }
  });
}

/**
 * True for an address a customer URL may reach: only the `unicast` range counts as public, so
 * loopback, private (10/8, 172.16/12, 192.168/16), carrier-grade NAT, link-local (169.254/16, where
 * cloud metadata lives), unique-local IPv6 (fc00::/7, AWS's fd00:ec2::254), multicast, reserved and
 * unspecified addresses are refused; IPv4-mapped IPv6 is judged as the IPv4 address it carries.
 */
export function isAllowedAddress(address: string, allowed: readonly ParsedCidr[]): boolean {
  const parsed = ipaddr.process(address);
  if (allowed.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits))) return true;
  return parsed.range() === 'unicast';
}

/**
 * Resolves a customer URL's host and returns the address to connect to. Every address the name
 * resolves to must be public: a name that also points at a private address is refused, and the
 * connection then goes to the checked address itself, so a second (rebinding) answer is never used.
 */
export async function resolveDestination(
  url: URL,
  policy: OutboundPolicy,
  allowed = parseCidrs(policy.allowedPrivateCidrs),
): Promise<PinnedAddress> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new RefusedDestinationError(`the URL scheme ${url.protocol} is not allowed`);
  if (url.username || url.password) throw new RefusedDestinationError('the URL may not carry credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await lookup(host, { all: true, verbatim: true }).catch(() => []);
  if (addresses.length === 0) throw new RefusedDestinationError('the host does not resolve');
  const refused = addresses.find((a) => !isAllowedAddress(a.address, allowed));
  if (refused) throw new RefusedDestinationError('the host resolves to a private, loopback or reserved address');
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
