import { canonicalEvent, canonicalJson, chainLinks, eventHash, formatHead, GENESIS_HASH, parseHead, verifyChain } from './event-hash';
import { checkSignedHead, generateHeadSigningKey, HeadSigner } from './signed-head';

const EVENT = {
  position: 1,
  eventId: '7f1c2c1e-0000-4000-8000-000000000001',
  streamId: 'ministry-BTC',
  revision: 0,
  type: 'ministry.registered',
  schemaVersion: 1,
  recordedAt: '2024-07-03T02:00:00.000Z',
  data: { name: 'Bộ Tài chính', code: 'BTC' },
  metadata: { reason: null, effectiveDate: '2024-07-03' },
};

describe('canonical JSON and the event hash', () => {
  it('is a fixed, documented format (test vector computed independently of this code)', () => {
    expect(canonicalEvent(EVENT)).toBe(
      '{"data":{"code":"BTC","name":"Bộ Tài chính"},"eventId":"7f1c2c1e-0000-4000-8000-000000000001","metadata":{"effectiveDate":"2024-07-03","reason":null},' +
        '"position":1,"recordedAt":"2024-07-03T02:00:00.000Z","revision":0,"schemaVersion":1,"streamId":"ministry-BTC","type":"ministry.registered"}',
    );
    // sha256("ndp-catalogue/event/v1\n" + 64 zeros + "\n" + the canonical JSON above)
    expect(eventHash(GENESIS_HASH, EVENT)).toBe('cf82805d57add0920e9805c7bc83c5a9f90d57823bf1b3e041a0d2558dd65759');
  });

  it('sorts keys at every depth, writes no whitespace and agrees with a JSON round trip', () => {
    const value = {
      b: [3, { z: 1, a: undefined, m: 'x' }, undefined],
      a: { d: 1e21, c: -0, e: 0.1 },
      u: undefined,
      s: 'ổ\u2028"\\',
      n: null,
      t: true,
      when: new Date(0),
    };
    expect(canonicalJson(value)).toBe(
      '{"a":{"c":0,"d":1e+21,"e":0.1},"b":[3,{"m":"x","z":1},null],"n":null,"s":"ổ\u2028\\"\\\\","t":true,"when":"1970-01-01T00:00:00.000Z"}',
    );
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
    expect(canonicalJson({ é: 1, e: 2, E: 3, '10': 4, '9': 5 })).toBe('{"10":4,"9":5,"E":3,"e":2,"é":1}');
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ n: BigInt(1) })).toThrow(TypeError);
  });

  it('changes with every field and with the previous hash (domain-separated, chained)', () => {
    const base = eventHash(GENESIS_HASH, EVENT);
    const variants: Array<Record<string, unknown>> = [
      { position: 2 },
      { eventId: EVENT.eventId.replace(/1$/, '2') },
      { streamId: 'ministry-BTD' },
      { revision: 1 },
      { type: 'ministry.renamed' },
      { schemaVersion: 2 },
      { recordedAt: '2024-07-03T02:00:00.001Z' },
      { data: { name: 'Bộ Tài Chính', code: 'BTC' } },
      { metadata: { reason: '', effectiveDate: '2024-07-03' } },
    ];
    const hashes = new Set([base, ...variants.map((v) => eventHash(GENESIS_HASH, { ...EVENT, ...v }))]);
    expect(hashes.size).toBe(variants.length + 1);
    expect(eventHash('1'.repeat(64), EVENT)).not.toBe(base);
  });

  it('parses and formats heads as position:hash', () => {
    const head = { position: 61, hash: 'ab'.repeat(32) };
    expect(parseHead(formatHead(head))).toEqual(head);
    expect(parseHead('61:' + 'AB'.repeat(32))).toBeNull();
    expect(parseHead('x:y')).toBeNull();
  });
});

describe('verifyChain', () => {
  const events = chainLinks(
    Array.from({ length: 8 }, (_, i) => ({ ...EVENT, position: i + 1, eventId: `e-${i}`, streamId: `s-${i % 3}`, revision: Math.floor(i / 3), data: { i } })),
  );

  it('accepts a good chain and reports its head', () => {
    expect(verifyChain(events)).toEqual({ ok: true, checked: 8, head: { position: 8, hash: events[7].hash } });
    expect(verifyChain([])).toEqual({ ok: true, checked: 0, head: { position: 0, hash: GENESIS_HASH } });
  });

  it('verifies a tail from a known head', () => {
    expect(verifyChain(events.slice(5), { from: { position: 5, hash: events[4].hash } })).toMatchObject({ ok: true, checked: 3 });
    expect(verifyChain(events.slice(5), { from: { position: 5, hash: events[3].hash } })).toMatchObject({ ok: false, firstBadPosition: 6 });
  });

  it.each<[string, (e: typeof events) => unknown[], number]>([
    ['a changed field', (e) => e.map((x, i) => (i === 4 ? { ...x, type: 'ministry.renamed' } : x)), 5],
    ['a changed hash', (e) => e.map((x, i) => (i === 2 ? { ...x, hash: 'f'.repeat(64) } : x)), 3],
    ['a changed prevHash', (e) => e.map((x, i) => (i === 6 ? { ...x, prevHash: 'f'.repeat(64) } : x)), 7],
    ['a deleted event', (e) => e.filter((_, i) => i !== 3), 4],
    ['two swapped events', (e) => [e[0], e[2], e[1], ...e.slice(3)], 2],
    ['swapped contents, positions kept', (e) => [e[0], { ...e[2], position: 2 }, { ...e[1], position: 3 }, ...e.slice(3)], 2],
    ['a duplicated event', (e) => [...e.slice(0, 5), e[4], ...e.slice(5)], 6],
    ['an inserted copy', (e) => [...e.slice(0, 5), { ...e[1], position: 6 }, ...e.slice(5).map((x) => ({ ...x, position: x.position + 1 }))], 6],
    ['a first event with a non-genesis prevHash', (e) => e.slice(1).map((x) => ({ ...x, position: x.position - 1 })), 1],
    ['a string position', (e) => e.map((x, i) => (i === 1 ? { ...x, position: '2' } : x)), 2],
    ['a missing field', (e) => e.map((x, i) => (i === 7 ? { ...x, type: undefined } : x)), 8],
  ])('names the first bad position for %s', (_, tamper, bad) => {
    const result = verifyChain(tamper(events));
    expect(result).toMatchObject({ ok: false, firstBadPosition: bad, checked: bad - 1 });
    expect(result.reason).toEqual(expect.any(String));
  });

  it('needs a published head to see the end cut off or the whole chain recomputed', () => {
    const head = { position: 8, hash: events[7].hash };
    expect(verifyChain(events.slice(0, 6))).toMatchObject({ ok: true });
    expect(verifyChain(events.slice(0, 6), { heads: [head] })).toMatchObject({ ok: false, firstBadPosition: 7 });
    const rewritten = chainLinks(events.map(({ hash: _h, prevHash: _p, ...e }, i) => (i === 2 ? { ...e, data: { i: 'forged' } } : e)));
    expect(verifyChain(rewritten)).toMatchObject({ ok: true });
    expect(verifyChain(rewritten, { heads: [{ position: 2, hash: events[1].hash }, head] })).toMatchObject({
      ok: false,
      firstBadPosition: 8,
      headsChecked: [
        { position: 2, ok: true },
        { position: 8, ok: false },
      ],
    });
    expect(verifyChain(events, { heads: [{ position: 0, hash: GENESIS_HASH }, head] })).toMatchObject({ ok: true, headsChecked: [{ ok: true }, { ok: true }] });
  });
});

describe('signed heads', () => {
  const signer = new HeadSigner(generateHeadSigningKey());
  const head = { position: 61, hash: 'ab'.repeat(32), recordedAt: '2024-07-15T02:00:00.000Z' };

  it('verifies with the public key and refuses any change or another key', () => {
    const signed = signer.sign(head);
    expect(signed).toMatchObject({ ...head, algorithm: 'Ed25519', keyId: signer.keyId });
    expect(checkSignedHead(signed, signer.publicKeyPem)).toBeNull();
    expect(checkSignedHead(JSON.parse(JSON.stringify(signed)), signer.publicKeyPem)).toBeNull();
    expect(checkSignedHead({ ...signed, position: 62 }, signer.publicKeyPem)).toMatch(/signature/);
    expect(checkSignedHead({ ...signed, hash: 'cd'.repeat(32) }, signer.publicKeyPem)).toMatch(/signature/);
    expect(checkSignedHead(signed, new HeadSigner(generateHeadSigningKey()).publicKeyPem)).toMatch(/key/);
    expect(checkSignedHead({ ...signed, signature: undefined }, signer.publicKeyPem)).toMatch(/signature/);
  });

  it('refuses a key that is not Ed25519', () => {
    expect(() => new HeadSigner('not a key')).toThrow();
  });
});
