import { actorFromClaims, assertSecureUrl, AuthenticationError, claimAt, parseOidcSettings } from './index';

const settings = { issuer: 'https://sso.example.gov.vn/realms/ndp', roleClaim: 'role', ministryClaim: 'ministry' };

describe('provider claims to the actor', () => {
  it('reads dotted paths, and a claim whose own name has dots', () => {
    expect(claimAt({ realm_access: { roles: ['a'] } }, 'realm_access.roles')).toEqual(['a']);
    expect(claimAt({ 'https://ndp.gov.vn/role': 'auditor' }, 'https://ndp.gov.vn/role')).toBe('auditor');
    expect(claimAt({ a: 'x' }, 'a.b')).toBeUndefined();
    expect(claimAt({ a: { ['__proto__']: 1 } } as Record<string, unknown>, 'a.constructor')).toBeUndefined();
  });

  it('records sub, name (else preferred_username, else sub), role, ministry and issuer', () => {
    expect(actorFromClaims({ sub: 'u1', name: 'Nguyễn Văn A', role: 'ministry-editor', ministry: 'BTC' }, settings)).toEqual({
      sub: 'u1',
      name: 'Nguyễn Văn A',
      role: 'ministry-editor',
      ministry: 'BTC',
      issuer: settings.issuer,
    });
    expect(actorFromClaims({ sub: 'u2', preferred_username: 'an.nv', role: 'auditor', ministry: 'BTC' }, settings)).toMatchObject({
      name: 'an.nv',
      ministry: null,
    });
    expect(actorFromClaims({ sub: 'u3', role: 'mic-admin' }, settings).name).toBe('u3');
  });

  it('picks the one known role from a Keycloak role list; a one-element ministry list is accepted', () => {
    const kc = { ...settings, roleClaim: 'realm_access.roles', ministryClaim: 'attributes.ministry' };
    expect(actorFromClaims({ sub: 'u', realm_access: { roles: ['offline_access', 'ministry-editor'] }, attributes: { ministry: ['BYT'] } }, kc)).toMatchObject({
      role: 'ministry-editor',
      ministry: 'BYT',
    });
  });

  it.each([
    ['several known roles', { sub: 'u', role: ['mic-admin', 'ministry-editor'], ministry: 'BTC' }],
    ['no known role', { sub: 'u', role: ['offline_access'] }],
    ['no role at all', { sub: 'u' }],
    ['an editor without a ministry', { sub: 'u', role: 'ministry-editor' }],
    ['an editor with two ministries', { sub: 'u', role: 'ministry-editor', ministry: ['BTC', 'BYT'] }],
    ['no sub', { role: 'auditor' }],
  ])('refuses %s', (_, claims) => {
    expect(() => actorFromClaims(claims, settings)).toThrow(AuthenticationError);
  });
});

describe('OIDC settings', () => {
  it('are off without OIDC_ISSUER, need OIDC_AUDIENCE with it, and https except on loopback', () => {
    expect(parseOidcSettings({})).toBeNull();
    expect(() => parseOidcSettings({ OIDC_ISSUER: settings.issuer })).toThrow(/OIDC_AUDIENCE/);
    expect(() => parseOidcSettings({ OIDC_ISSUER: 'http://sso.example.gov.vn', OIDC_AUDIENCE: 'a' })).toThrow(/https/);
    expect(() => assertSecureUrl('http://127.0.0.1:8080/realms/x', 'x')).not.toThrow();
    expect(() => assertSecureUrl('http://localhost:8080', 'x')).not.toThrow();
    expect(() => assertSecureUrl('http://127.0.0.1.evil.example', 'x')).toThrow();
    expect(() => parseOidcSettings({ OIDC_ISSUER: settings.issuer, OIDC_AUDIENCE: 'a', OIDC_ROLE_CLAIM: 'a..b' })).toThrow(/dotted path/);
    expect(() => parseOidcSettings({ OIDC_ISSUER: settings.issuer, OIDC_AUDIENCE: 'a', JWT_MAX_LIFETIME: 'forever' })).toThrow(/JWT_MAX_LIFETIME/);
    expect(parseOidcSettings({ OIDC_ISSUER: settings.issuer, OIDC_AUDIENCE: 'a', JWT_MAX_LIFETIME: '30m' })!.maxLifetimeMs).toBe(1800000);
  });
});
