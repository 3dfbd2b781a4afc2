import { isIP } from 'node:net';

/**
 * What kind of network an IP address belongs to, for the SSRF rule: a notification may only go
 * to `public` addresses in production. Pure; the ranges are IANA's special-purpose registries
 * (RFC 6890 and its updates) plus the cloud metadata addresses.
 */
export type AddressClass = 'public' | 'loopback' | 'private' | 'link_local' | 'metadata' | 'unspecified' | 'multicast' | 'reserved' | 'invalid';

interface Range {
  base: bigint;
  bits: number;
  kind: Exclude<AddressClass, 'public' | 'invalid'>;
}

// Metadata first: those addresses also sit inside a link-local or private range, and the more
// precise name makes a refused delivery easier to understand.
const V4_RANGES: ReadonlyArray<[string, number, Range['kind']]> = [
  ['169.254.169.254', 32, 'metadata'], // AWS, GCP, Azure, OpenStack…
  ['100.100.100.200', 32, 'metadata'], // Alibaba Cloud
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private'], // carrier-grade NAT
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link_local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'reserved'], // documentation
  ['192.88.99.0', 24, 'reserved'], // 6to4 relay anycast
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // includes 255.255.255.255
];

const V6_RANGES: ReadonlyArray<[string, number, Range['kind']]> = [
  ['fd00:ec2::254', 128, 'metadata'], // AWS over IPv6
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['100::', 64, 'reserved'], // discard-only
  ['2001:db8::', 32, 'reserved'], // documentation
  ['fc00::', 7, 'private'], // unique local
  ['fe80::', 10, 'link_local'],
  ['fec0::', 10, 'private'], // deprecated site-local, still routed inside some networks
  ['ff00::', 8, 'multicast'],
];

/** IPv6 prefixes that carry an IPv4 address in their last 32 bits: the IPv4 address decides. */
const V4_CARRIERS: ReadonlyArray<[string, number]> = [
  ['::ffff:0:0', 96], // IPv4-mapped
  ['64:ff9b::', 96], // NAT64
  ['::', 96], // IPv4-compatible (deprecated), after :: and ::1 were ruled out
];

function parseV4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseV6(text: string): bigint | null {
  let address = text.toLowerCase().split('%')[0];
  // A trailing dotted quad (::ffff:127.0.0.1) is the last two groups written in decimal.
  const lastColon = address.lastIndexOf(':');
  if (address.includes('.', lastColon)) {
    const v4 = parseV4(address.slice(lastColon + 1));
    if (v4 === null) return null;
    address = `${address.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (![...head, ...tail].every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const zeros = halves.length === 2 ? Array<string>(missing).fill('0') : [];
  return [...head, ...zeros, ...tail].reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function inRange(value: bigint, base: bigint, bits: number, width: number): boolean {
  const shift = BigInt(width - bits);
  return value >> shift === base >> shift;
}

const v4Table = V4_RANGES.map(([base, bits, kind]) => ({ base: parseV4(base)!, bits, kind }));
const v6Table = V6_RANGES.map(([base, bits, kind]) => ({ base: parseV6(base)!, bits, kind }));
const carriers = V4_CARRIERS.map(([base, bits]) => ({ base: parseV6(base)!, bits }));

function classifyV4(value: bigint): AddressClass {
  return v4Table.find((r) => inRange(value, r.base, r.bits, 32))?.kind ?? 'public';
}

export function classifyAddress(address: string): AddressClass {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(text.split('%')[0]);
  if (family === 4) {
    const value = parseV4(text);
    return value === null ? 'invalid' : classifyV4(value);
  }
  if (family !== 6) return 'invalid';
  const value = parseV6(text);
  if (value === null) return 'invalid';
  const exact = v6Table.find((r) => inRange(value, r.base, r.bits, 128));
  if (exact) return exact.kind;
  if (carriers.some((c) => inRange(value, c.base, c.bits, 128))) return classifyV4(value & 0xffffffffn);
  return 'public';
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}
