/** Checks, after DNS resolution, that a source host only points at public addresses (SSRF guard). */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { InvalidSource, SourceUnreachable } from '../errors.js';
import { isAllowedAddress, isAllowedHostname } from './address-policy.js';

/** Every address a host name resolves to; injectable so tests can resolve names to private addresses. */
export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);

/**
 * Throws InvalidSource when the host is local or any of its addresses is private (unless `allowPrivate`),
 * link-local or a metadata address (always); SourceUnreachable when DNS fails.
 */
export async function assertAllowedHost(
  hostname: string,
  lookup: LookupAll = systemLookup,
  allowPrivate = false,
): Promise<void> {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (!isAllowedHostname(host, allowPrivate))
    throw new InvalidSource(`The host ${host} is local and not accepted`);
  let addresses: { address: string }[];
  if (isIP(host) !== 0) {
    addresses = [{ address: host }];
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
  if (addresses.length === 0) throw new InvalidSource(`The host ${host} has no address`);
  // One private answer is enough to refuse: the client may connect to any of them.
  const blocked = addresses.find(({ address }) => !isAllowedAddress(address, allowPrivate));
  if (blocked) {
    throw new InvalidSource(
      `The host ${host} resolves to a private or reserved address (${blocked.address})`,
    );
  }
}
