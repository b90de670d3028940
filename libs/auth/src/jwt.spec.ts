import jwt from 'jsonwebtoken';
import { AuthenticationError, mintToken, verifyBearerToken } from './jwt';

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
});
