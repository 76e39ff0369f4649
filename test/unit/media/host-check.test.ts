import { describe, expect, it } from 'vitest';
import { InvalidSource, SourceUnreachable } from '../../../functions/shared/errors.js';
import { isPublicAddress } from '../../../functions/shared/media/address-policy.js';
import {
  assertAllowedHost,
  resolveForProxy,
  type LookupAll,
} from '../../../functions/shared/media/host-check.js';

const resolvesTo =
  (...addresses: string[]): LookupAll =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.5',
    '172.20.1.1',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:10.0.0.1',
    'fe80::1',
    'fd00:ec2::254',
    'ff02::1',
    '64:ff9b::a00:1',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '[2001:4860::8888]',
  ])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('assertAllowedHost', () => {
  it('accepts a name whose every address is public', async () => {
    await expect(
      assertAllowedHost('media.example.com', resolvesTo('93.184.216.34', '2606:2800::1')),
    ).resolves.toBe(undefined);
  });

  it.each([
    ['loopback', ['127.0.0.1']],
    ['the metadata service', ['169.254.169.254']],
    ['a private network', ['10.0.0.7']],
    ['IPv6 loopback', ['::1']],
    ['an IPv4-mapped loopback', ['::ffff:127.0.0.1']],
    ['one private address among public ones', ['93.184.216.34', '192.168.1.10']],
  ])('refuses a name that resolves to %s', async (_label, addresses) => {
    await expect(assertAllowedHost('rebind.example.com', resolvesTo(...addresses))).rejects.toThrow(
      /resolves to a private or reserved address/,
    );
  });

  it('refuses localhost names without asking DNS', async () => {
    const lookup: LookupAll = async () => {
      throw new Error('DNS must not be asked');
    };
    await expect(assertAllowedHost('api.localhost', lookup)).rejects.toThrow(InvalidSource);
  });

  it('checks literal addresses without DNS', async () => {
    await expect(assertAllowedHost('[::1]', resolvesTo('8.8.8.8'))).rejects.toThrow(InvalidSource);
  });

  it('reports a name that does not exist as an invalid source', async () => {
    const lookup: LookupAll = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    await expect(assertAllowedHost('nope.invalid', lookup)).rejects.toThrow(InvalidSource);
  });

  it('reports a DNS failure as unreachable (worth a retry)', async () => {
    const lookup: LookupAll = async () => {
      throw Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' });
    };
    await expect(assertAllowedHost('media.example.com', lookup)).rejects.toThrow(SourceUnreachable);
  });
});

describe('assertAllowedHost on the local stack (private sources allowed)', () => {
  it('accepts loopback and private addresses', async () => {
    await expect(assertAllowedHost('127.0.0.1', resolvesTo('8.8.8.8'), true)).resolves.toBeUndefined();
    await expect(assertAllowedHost('nas.lan', resolvesTo('10.0.0.5'), true)).resolves.toBeUndefined();
  });

  it.each([
    ['169.254.169.254', '169.254.169.254'],
    ['[fd00:ec2::254]', '8.8.8.8'],
    ['[fe80::1]', '8.8.8.8'],
    ['rebind.example.com', '169.254.169.254'],
    ['metadata.google.internal', '8.8.8.8'],
  ])('still refuses %s, a link-local or cloud metadata target', async (host, address) => {
    await expect(assertAllowedHost(host, resolvesTo(address), true)).rejects.toThrow(InvalidSource);
  });
});

describe('resolveForProxy (SOURCE_PROXY_URL set)', () => {
  const noDns: LookupAll = async () => {
    throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
  };

  it('pins the checked address when this machine resolves the name', async () => {
    await expect(resolveForProxy('www.youtube.com', false, 443, resolvesTo('142.250.1.1'))).resolves.toBe(
      '142.250.1.1',
    );
  });

  it('hands a name this machine cannot resolve to the proxy, by name', async () => {
    await expect(resolveForProxy('WWW.YouTube.com.', false, 443, noDns)).resolves.toBe('www.youtube.com');
  });

  it.each([
    ['localhost', noDns],
    ['metadata.google.internal', noDns],
    ['127.0.0.1', noDns],
    ['[::1]', noDns],
    ['169.254.169.254', noDns],
    ['2130706433', noDns],
    ['0x7f.1', noDns],
    ['inside.example', resolvesTo('10.0.0.5')],
  ])('still refuses %s, which it can judge', async (host, lookup) => {
    await expect(resolveForProxy(host, false, 443, lookup)).rejects.toThrow(InvalidSource);
  });
});
