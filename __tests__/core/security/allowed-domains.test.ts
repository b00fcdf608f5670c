import { checkAllowedDomains, isAllowedDomain, type RemotePattern } from '../../../lib/core/security/allowed-domains';
import { thrown } from '../../helpers/core';

// Astro 5.18.2 `matchPattern` semantics (spec §7.2); cases drawn from `node.test.js` (§7.6).
describe('isAllowedDomain(protocol, hostname, port, patterns)', () => {
  it.each<[string, RemotePattern[], [string, string, string], boolean]>([
    // exact hostname
    ['exact', [{ hostname: 'example.com' }], ['https', 'example.com', ''], true],
    ['exact, another host', [{ hostname: 'example.com' }], ['https', 'attacker.com', ''], false],
    ['exact, a subdomain', [{ hostname: 'example.com' }], ['https', 'www.example.com', ''], false],
    ['exact, case-insensitive', [{ hostname: 'Example.COM' }], ['https', 'example.com', ''], true],
    ['exact, any port without a port field', [{ hostname: 'example.com' }], ['https', 'example.com', '3000'], true],
    // `*.` — exactly one label
    ['*. one label', [{ hostname: '*.victim.com' }], ['https', 'sub.victim.com', ''], true],
    ['*. two labels', [{ hostname: '*.victim.com' }], ['https', 'a.sub.victim.com', ''], false],
    ['*. apex', [{ hostname: '*.victim.com' }], ['https', 'victim.com', ''], false],
    ['*. localhost', [{ hostname: '*.victim.com' }], ['https', 'localhost', ''], false],
    ['*. suffix without a dot', [{ hostname: '*.victim.com' }], ['https', 'evilvictim.com', ''], false],
    // `**.` — any depth, not the apex
    ['**. one label', [{ hostname: '**.example.com' }], ['https', 'www2.example.com', ''], true],
    ['**. deep', [{ hostname: '**.example.com' }], ['https', 'a.b.c.example.com', ''], true],
    ['**. apex', [{ hostname: '**.example.com' }], ['https', 'example.com', ''], false],
    ['**. suffix without a dot', [{ hostname: '**.example.com' }], ['https', 'notexample.com', ''], false],
    ['**. other domain', [{ hostname: '**.example.com' }], ['https', 'example.com.evil.net', ''], false],
    // protocol
    ['protocol match', [{ protocol: 'https', hostname: 'myapp.example.com' }], ['https', 'myapp.example.com', ''], true],
    ['protocol mismatch', [{ protocol: 'https', hostname: 'myapp.example.com' }], ['http', 'myapp.example.com', ''], false],
    ['protocol with a colon', [{ protocol: 'https:' }], ['https', 'x.test', ''], true],
    ['protocol alone, wildcard host', [{ protocol: 'https', hostname: '**.example.com' }], ['https', 'myapp.example.com', ''], true],
    // port
    ['port match', [{ hostname: 'example.com', port: '3000' }], ['https', 'example.com', '3000'], true],
    ['port mismatch', [{ hostname: 'example.com', port: '3000' }], ['https', 'example.com', '8443'], false],
    ['port against the default port', [{ hostname: 'example.com', port: '443' }], ['https', 'example.com', ''], false],
    ['port alone', [{ port: '8443' }], ['http', 'anything.test', '8443'], true],
    // empty patterns and lists
    ['{} matches everything', [{}], ['http', 'evil.com', '1234'], true],
    ['empty fields match everything, as in Astro', [{ protocol: '', hostname: '', port: '' }], ['http', 'evil.com', '1234'], true],
    ['[] matches nothing', [], ['https', 'example.com', ''], false],
    ['any of several', [{ hostname: 'a.test' }, { hostname: 'example.com', port: '8443' }], ['https', 'example.com', '8443'], true],
    ['none of several', [{ hostname: 'a.test' }, { hostname: 'example.com', port: '8443' }], ['https', 'example.com', ''], false],
  ])('%s', (_name, patterns, [protocol, hostname, port], expected) => {
    expect(isAllowedDomain(protocol, hostname, port, patterns)).toBe(expected);
  });
});

describe('checkAllowedDomains', () => {
  it('passes undefined and valid lists through', () => {
    expect(checkAllowedDomains(undefined)).toBeUndefined();
    const list = [{ hostname: '**.example.com', protocol: 'https', port: '443' }, {}];
    expect(checkAllowedDomains(list)).toBe(list);
  });

  it.each([
    ['not an array', { hostname: 'example.com' }, 'must be an array'],
    ['a string', 'example.com', 'must be an array'],
    ['an entry that is not an object', ['example.com'], 'every entry must be an object'],
    ['a null entry', [null], 'every entry must be an object'],
    ['an unknown field', [{ host: 'example.com' }], "unknown field 'host'"],
    ['a pathname field', [{ hostname: 'example.com', pathname: '/x' }], "unknown field 'pathname'"],
    ['a non-string port', [{ port: 443 }], "'port' must be a string"],
  ])('refuses %s: InvalidOption', (_what, value, reason) => {
    const error = thrown(() => checkAllowedDomains(value), 'InvalidOption');
    expect(error.message).toContain('`allowedDomains`');
    expect(error.message).toContain(reason);
  });
});
