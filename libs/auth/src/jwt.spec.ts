import jwt from 'jsonwebtoken';
import { AuthenticationError, mintToken, verifyBearerToken } from './jwt';
import { checkTokenTimes, parseMaxLifetime } from './token-rules';

const settings = { secret: 'x'.repeat(32) };

describe('bearer tokens', () => {
  it('turns a valid token into the actor', () => {
    const token = mintToken({ sub: 'u-1', name: 'Nguyễn Văn A', role: 'ministry-editor', ministry: 'BTC' }, settings);
    expect(verifyBearerToken(token, settings)).toEqual({ sub: 'u-1', name: 'Nguyễn Văn A', role: 'ministry-editor', ministry: 'BTC' });
  });

  it.each([
    ['alg none', jwt.sign({ sub: 'u', role: 'mic-admin', exp: Math.floor(Date.now() / 1000) + 60 }, '', { algorithm: 'none' })],
    ['wrong secret', jwt.sign({ role: 'mic-admin' }, 'y'.repeat(32), { subject: 'u', expiresIn: 60 })],
    ['HS512 instead of HS256', jwt.sign({ role: 'mic-admin' }, settings.secret, { subject: 'u', expiresIn: 60, algorithm: 'HS512' })],
    ['no exp', jwt.sign({ sub: 'u', role: 'mic-admin' }, settings.secret)],
    ['expired', jwt.sign({ role: 'mic-admin', exp: Math.floor(Date.now() / 1000) - 60 }, settings.secret, { subject: 'u' })],
    ['unknown role', jwt.sign({ role: 'superuser' }, settings.secret, { subject: 'u', expiresIn: 60 })],
    ['editor without ministry', jwt.sign({ role: 'ministry-editor' }, settings.secret, { subject: 'u', expiresIn: 60 })],
    ['no sub', jwt.sign({ role: 'mic-admin' }, settings.secret, { expiresIn: 60 })],
    ['garbage', 'not.a.token'],
  ])('refuses %s', (_, token) => {
    expect(() => verifyBearerToken(token, settings)).toThrow(AuthenticationError);
  });

  it('checks audience and issuer when configured', () => {
    const strict = { ...settings, audience: 'ndp', issuer: 'mic' };
    expect(() => verifyBearerToken(mintToken({ sub: 'u', name: 'u', role: 'auditor' }, settings), strict)).toThrow(AuthenticationError);
    expect(verifyBearerToken(mintToken({ sub: 'u', name: 'u', role: 'auditor' }, strict), strict).role).toBe('auditor');
  });

  it('drops a ministry claim from roles that act for no ministry', () => {
    const token = mintToken({ sub: 'a', name: 'Auditor', role: 'auditor', ministry: 'BTC' }, settings);
    expect(verifyBearerToken(token, settings).ministry).toBeNull();
  });

  describe('time and header rules (token-rules.ts, shared with the OIDC path)', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const claims = { sub: 'u', role: 'mic-admin' };
    it.each([
      [
        'an unknown crit header parameter',
        jwt.sign({ ...claims, exp: now() + 60 }, settings.secret, { header: { alg: 'HS256', crit: ['x-custom'], 'x-custom': 1 } as never }),
      ],
      ['a lifetime of 13 h (exp − iat)', jwt.sign({ ...claims, iat: now(), exp: now() + 13 * 3600 }, settings.secret)],
      ['a lifetime of 13 h without iat (exp − now)', jwt.sign({ ...claims, exp: now() + 13 * 3600 }, settings.secret, { noTimestamp: true })],
      ['an iat a minute in the future', jwt.sign({ ...claims, iat: now() + 60, exp: now() + 600 }, settings.secret)],
    ])('refuses %s', (_, token) => {
      expect(() => verifyBearerToken(token, settings)).toThrow(AuthenticationError);
    });

    it('accepts 12 h exactly, and an iat within the 5 s clock tolerance', () => {
      expect(verifyBearerToken(jwt.sign({ ...claims, iat: now(), exp: now() + 12 * 3600 }, settings.secret), settings).sub).toBe('u');
      expect(verifyBearerToken(jwt.sign({ ...claims, iat: now() + 3, exp: now() + 600 }, settings.secret), settings).sub).toBe('u');
    });

    it('follows a configured maximum', () => {
      const short = { ...settings, maxLifetimeMs: 30 * 60 * 1000 };
      expect(() => verifyBearerToken(jwt.sign({ ...claims, iat: now(), exp: now() + 3600 }, settings.secret), short)).toThrow(/lifetime too long/);
    });

    it('mints up to the maximum and refuses to mint beyond it', () => {
      expect(verifyBearerToken(mintToken({ sub: 'u', name: 'u', role: 'auditor', expiresIn: 12 * 3600 }, settings), settings).role).toBe('auditor');
      expect(() => mintToken({ sub: 'u', name: 'u', role: 'auditor', expiresIn: 13 * 3600 }, settings)).toThrow(/at most 12 hours/);
    });

    it('parses JWT_MAX_LIFETIME as the OIDC settings do', () => {
      expect(parseMaxLifetime({})).toBe(12 * 3600 * 1000);
      expect(parseMaxLifetime({ JWT_MAX_LIFETIME: '30m' })).toBe(1800000);
      expect(() => parseMaxLifetime({ JWT_MAX_LIFETIME: 'forever' })).toThrow(/JWT_MAX_LIFETIME/);
    });

    it('checkTokenTimes: the same rule for any claims', () => {
      expect(() => checkTokenTimes({ iat: 1000, exp: 1000 + 3600 }, 3600_000, 2000)).not.toThrow();
      expect(() => checkTokenTimes({ iat: 1000, exp: 1000 + 3601 }, 3600_000, 2000)).toThrow(/lifetime/);
      expect(() => checkTokenTimes({ iat: 2006, exp: 2100 }, 3600_000, 2000)).toThrow(/future/);
      expect(() => checkTokenTimes({ iat: '1000', exp: 2100 }, 3600_000, 2000)).toThrow(/iat/);
    });
  });
});
