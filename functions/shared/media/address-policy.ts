/**
 * Which network addresses a source may point at: public unicast only, unless private sources are allowed
 * (the local stack); link-local and cloud metadata addresses never, since no media is served there.
 */
import { BlockList, isIP } from 'node:net';

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
  ['::', 96], // IPv4-compatible (deprecated); BlockList matches IPv4-mapped ::ffff:0:0/96 against the IPv4 rules itself
  ['64:ff9b::', 96], // NAT64: would reach an IPv4 address we cannot re-check here
  ['100::', 64], // discard-only
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

/** True for a public unicast IPv4/IPv6 address; false for anything private, local, reserved or not an IP. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(bare);
  if (family === 0) return false;
  return !blocked.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/** True when a source may point at the address: public, or private when allowed, but never link-local or metadata. */
export function isAllowedAddress(address: string, allowPrivate: boolean): boolean {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(bare);
  if (family === 0 || never.check(bare, family === 4 ? 'ipv4' : 'ipv6')) return false;
  return allowPrivate || isPublicAddress(bare);
}

const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal']);
const LOCAL_NAMES = new Set(['localhost', ...METADATA_NAMES]);

/** Host names that always mean this machine or the cloud metadata service, whatever DNS says. */
export function isLocalHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return LOCAL_NAMES.has(host) || host.endsWith('.localhost');
}

/** True when a source may name the host: local names only when private sources are allowed, metadata names never. */
export function isAllowedHostname(hostname: string, allowPrivate: boolean): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (METADATA_NAMES.has(host)) return false;
  return allowPrivate || !isLocalHostname(host);
}
