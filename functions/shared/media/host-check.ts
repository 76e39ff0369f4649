/** Resolves a source host once and checks every address it has (SSRF guard); the egress door connects to the answer. */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { InvalidSource, SourceUnreachable } from '../errors.js';
import { isAllowedAddress, isAllowedHostname, type PrivateSourcePolicy } from './address-policy.js';

/** Every address a host name resolves to; injectable so tests can resolve names to private addresses. */
export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

const NUMERIC_HOST = /^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}$/i;
const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address of `host` (already judged by name), or the DNS failure as InvalidSource/SourceUnreachable. */
async function lookupOnce(host: string, lookup: LookupAll): Promise<{ address: string; family: number }[]> {
  if (isIP(host) !== 0) return [{ address: host, family: isIP(host) }];
  try {
    return await lookup(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (NOT_FOUND_CODES.has(code))
      throw new InvalidSource(`The host ${host} does not exist`, { cause: error });
    throw new SourceUnreachable(`Could not resolve ${host} (${code || 'DNS error'})`, { cause: error });
  }
}

/** The first address, after refusing the host if any of them is not allowed. */
function checkAddresses(
  host: string,
  addresses: { address: string; family: number }[],
  policy: PrivateSourcePolicy,
  port?: number,
): CheckedAddress {
  const first = addresses[0];
  if (!first) throw new InvalidSource(`The host ${host} has no address`);
  // One private answer is enough to refuse: a client may connect to any of them.
  const refused = addresses.find(
    ({ address }) => !isAllowedAddress(address, policy, { hostname: host, port }),
  );
  if (refused) {
    throw new InvalidSource(
      `The host ${host} resolves to a private or reserved address (${refused.address})`,
    );
  }
  return { address: first.address, family: isIP(first.address) === 6 ? 6 : 4 };
}

function judgeName(hostname: string, policy: PrivateSourcePolicy, port?: number): string {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (!isAllowedHostname(host, policy, port))
    throw new InvalidSource(`The host ${host} is local and not accepted`);
  return host;
}

/**
 * The address to connect to for `hostname`: resolved once, every answer checked. Throws InvalidSource when
 * the host is local or any of its addresses is private (unless the policy allows it on this port),
 * link-local or a metadata address (always); SourceUnreachable when DNS fails.
 */
export async function resolveAllowedHost(
  hostname: string,
  policy: PrivateSourcePolicy,
  port?: number,
  lookup: LookupAll = systemLookup,
): Promise<CheckedAddress> {
  const host = judgeName(hostname, policy, port);
  return checkAddresses(host, await lookupOnce(host, lookup), policy, port);
}

/**
 * What to ask a source proxy to CONNECT to: the checked address when this machine resolves the name
 * (pinned, refused like resolveAllowedHost), else the name itself, for the proxy to resolve in its own
 * network; a forbidden name or literal address is refused either way.
 */
export async function resolveForProxy(
  hostname: string,
  policy: PrivateSourcePolicy,
  port?: number,
  lookup: LookupAll = systemLookup,
): Promise<string> {
  const host = judgeName(hostname, policy, port);
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookupOnce(host, lookup);
  } catch (error) {
    // A numeric form (2130706433, 0x7f.1) is an address to a resolver, not a name: never passed on unjudged.
    if (isIP(host) !== 0 || NUMERIC_HOST.test(host)) throw error;
    return host.toLowerCase();
  }
  return checkAddresses(host, addresses, policy, port).address;
}

/** resolveAllowedHost for callers that only need the verdict. */
export async function assertAllowedHost(
  hostname: string,
  lookup: LookupAll = systemLookup,
  policy: PrivateSourcePolicy = false,
  port?: number,
): Promise<void> {
  await resolveAllowedHost(hostname, policy, port, lookup);
}
