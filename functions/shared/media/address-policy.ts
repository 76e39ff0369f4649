/**
 * Which network addresses a source may point at: public unicast only, unless private sources are allowed
 * (all of them on the local stack, or a list of `host:port`); link-local and cloud metadata addresses never,
 * since no media is served there. IPv6 forms that carry an IPv4 address are judged by that address too.
 */
import { BlockList, isIP } from 'node:net';

/** ALLOW_PRIVATE_SOURCES: every private address, none, or only these `host:port` entries (lower case). */
export type PrivateSourcePolicy = boolean | readonly string[];

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", incl. the unspecified 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT; also hosts some clouds' metadata (100.100.100.200)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. the cloud metadata address 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::', 96], // IPv4-compatible (deprecated); IPv4-mapped ::ffff:0:0/96 is judged by its IPv4 address below
  ['::ffff:0:0:0', 96], // IPv4-translated (SIIT), e.g. [::ffff:0:127.0.0.1]
  ['64:ff9b::', 96], // NAT64: would reach an IPv4 address a gateway translates for us
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215)
  ['100::', 64], // discard-only
  ['2001::', 32], // Teredo: tunnels to an (obfuscated) IPv4 address
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: would reach an embedded IPv4 address
  ['fc00::', 7], // unique-local, incl. AWS's fd00:ec2::254 metadata address
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

const never = new BlockList();
never.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, incl. the metadata address 169.254.169.254
never.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
never.addSubnet('fe80::', 10, 'ipv6');
never.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6

/** The eight 16-bit words of an IPv6 address (with or without an IPv4 tail), or undefined. */
function ipv6Words(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.toLowerCase().replace(/%.*$/, '');
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parts = (part: string) => (part ? part.split(':').map((word) => Number.parseInt(word, 16)) : []);
  const front = parts(head);
  const back = tail === undefined ? [] : parts(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

const dotted = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/** The IPv4 address an IPv6 address carries (mapped, compatible, translated, NAT64, 6to4), if any. */
export function embeddedIpv4(address: string): string | undefined {
  const w = ipv6Words(address);
  if (!w) return undefined;
  const zeros = (from: number, to: number) => w.slice(from, to).every((word) => word === 0);
  if (zeros(0, 5) && (w[5] === 0xffff || w[5] === 0)) return dotted(w[6]!, w[7]!);
  if (zeros(0, 4) && w[4] === 0xffff && w[5] === 0) return dotted(w[6]!, w[7]!);
  if (w[0] === 0x64 && w[1] === 0xff9b) return dotted(w[6]!, w[7]!);
  if (w[0] === 0x2002) return dotted(w[1]!, w[2]!);
  return undefined;
}

function familyOf(bare: string): 'ipv4' | 'ipv6' | undefined {
  const family = isIP(bare);
  return family === 4 ? 'ipv4' : family === 6 ? 'ipv6' : undefined;
}

const unbracket = (address: string) => address.replace(/^\[(.*)\]$/, '$1');

/** True for a public unicast IPv4/IPv6 address; false for anything private, local, reserved or not an IP. */
export function isPublicAddress(address: string): boolean {
  const bare = unbracket(address);
  const family = familyOf(bare);
  if (!family || blocked.check(bare, family)) return false;
  const inner = embeddedIpv4(bare);
  return inner === undefined || !blocked.check(inner, 'ipv4');
}

/** True for link-local and metadata addresses, directly or inside an IPv6 form. */
function isNeverAllowed(bare: string, family: 'ipv4' | 'ipv6'): boolean {
  if (never.check(bare, family)) return true;
  const inner = embeddedIpv4(bare);
  return inner !== undefined && never.check(inner, 'ipv4');
}

/** `host:port` as an allow-list entry spells it: lower case, IPv6 in brackets. */
export function endpointKey(host: string, port: number | string): string {
  const bare = unbracket(host).toLowerCase().replace(/\.$/, '');
  return `${isIP(bare) === 6 ? `[${bare}]` : bare}:${port}`;
}

/** Where a connection goes, for an allow list: the name as written and the port, when known. */
export interface Endpoint {
  hostname?: string;
  port?: number;
}

function listed(policy: PrivateSourcePolicy, address: string, endpoint: Endpoint): boolean {
  if (typeof policy === 'boolean') return policy;
  if (endpoint.port === undefined) return false;
  const keys = [endpointKey(address, endpoint.port)];
  if (endpoint.hostname) keys.push(endpointKey(endpoint.hostname, endpoint.port));
  return keys.some((key) => policy.includes(key));
}

/**
 * True when a source may point at the address: public, or private when the policy allows it (all, or
 * this address or host name on this port), but never link-local or metadata.
 */
export function isAllowedAddress(
  address: string,
  policy: PrivateSourcePolicy,
  endpoint: Endpoint = {},
): boolean {
  const bare = unbracket(address);
  const family = familyOf(bare);
  if (!family || isNeverAllowed(bare, family)) return false;
  return isPublicAddress(bare) || listed(policy, bare, endpoint);
}

const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal']);
const LOCAL_NAMES = new Set(['localhost', ...METADATA_NAMES]);

/** Host names that always mean this machine or the cloud metadata service, whatever DNS says. */
export function isLocalHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return LOCAL_NAMES.has(host) || host.endsWith('.localhost');
}

/** True when a source may name the host: local names only when private sources are allowed, metadata names never. */
export function isAllowedHostname(hostname: string, policy: PrivateSourcePolicy, port?: number): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (METADATA_NAMES.has(host)) return false;
  if (!isLocalHostname(host)) return true;
  if (typeof policy === 'boolean') return policy;
  return port !== undefined && policy.includes(endpointKey(host, port));
}
