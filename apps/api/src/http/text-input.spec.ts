import { findDuplicateKey, findTextProblems, isBlankText, normaliseStrings, textProblem } from './text-input';

describe('text input rules', () => {
  it('finds a duplicate key with its path, and none where keys only repeat across objects', () => {
    expect(findDuplicateKey('{"a":1,"a":2}')).toBe('a');
    expect(findDuplicateKey('{"a":{"b":1,"c":{"d":2},"b":3}}')).toBe('a.b');
    expect(findDuplicateKey('{"list":[{"x":1},{"x":2,"x":3}]}')).toBe('list.1.x');
    expect(findDuplicateKey('{"n\\u0061me":1,"name":2}')).toBe('name');
    expect(findDuplicateKey('{"t\u00EAn":1,"te\u0302n":2}')).toBe('t\u00EAn');
    expect(findDuplicateKey('{"a":"{\\"a\\":1,\\"a\\":2}","b":[1,{"a":1}],"c":{"a":1}}')).toBeNull();
    expect(findDuplicateKey('{"a":1,')).toBeNull();
    expect(findDuplicateKey('not json')).toBeNull();
  });

  it('judges text', () => {
    expect(textProblem('Cổng dịch vụ công', false)).toBeNull();
    expect(textProblem('a\nb', false)).toMatch(/line break/);
    expect(textProblem('a\nb\tc', true)).toBeNull();
    expect(textProblem('a\u0000b', true)).toMatch(/U\+0000/);
    expect(textProblem('a\u009Bb', false)).toMatch(/U\+009B/);
    expect(textProblem('a\u202Eb', true)).toMatch(/U\+202E/);
    expect(textProblem('a\uD800', false)).toMatch(/surrogate/);
    expect(textProblem('😀', false)).toBeNull();
  });

  it('calls text of invisible characters blank, and text with something visible not', () => {
    for (const s of ['', ' ', '\u200B', '\u00A0\u2060\uFEFF\u00AD', '\u3164', '\u2800']) expect(isBlankText(s)).toBe(true);
    for (const s of ['a', 'Bộ', '\u200Ba', '1']) expect(isBlankText(s)).toBe(false);
  });

  it('normalises nested strings to NFC in place and names every bad field by path', () => {
    const body = { name: 'Bo\u0302\u0323', list: ['e\u0301'], nested: { x: 'a' } };
    normaliseStrings(body);
    expect(body).toEqual({ name: 'Bộ', list: ['é'], nested: { x: 'a' } });
    expect(findTextProblems({ name: 'a\n', description: 'a\n', contact: { name: '\u202E' }, list: ['ok', '\u0007'] }).map((e) => e.field)).toEqual([
      'contact.name',
      'list.1',
      'name',
    ]);
  });
});
