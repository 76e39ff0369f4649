/** Resolves a source host once and checks every address it has (SSRF guard); the egress door connects to the answer. */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { InvalidSource, SourceUnreachable } from '../errors.js';
import { isAllowedAddress, isAllowedHostname, type PrivateSourcePolicy } from './address-policy.js';

/** Every address a host name resolves to; injectable so tests can resolve names to private addresses. */
export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
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
  const host = hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (!isAllowedHostname(host, policy, port))
    throw new InvalidSource(`The host ${host} is local and not accepted`);
  let addresses: { address: string; family: number }[];
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (NOT_FOUND_CODES.has(code))
        throw new InvalidSource(`The host ${host} does not exist`, { cause: error });
      throw new SourceUnreachable(`Could not resolve ${host} (${code || 'DNS error'})`, { cause: error });
    }
  }
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

/** resolveAllowedHost for callers that only need the verdict. */
export async function assertAllowedHost(
  hostname: string,
  lookup: LookupAll = systemLookup,
  policy: PrivateSourcePolicy = false,
  port?: number,
): Promise<void> {
  await resolveAllowedHost(hostname, policy, port, lookup);
}
