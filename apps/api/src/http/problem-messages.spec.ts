import { localizeProblem, preferredLanguage, PROBLEM_TEXT, translateMessage } from './problem-messages';

describe('problem details in two languages', () => {
  it('reads Accept-Language: vi when preferred, English otherwise and by default', () => {
    expect(preferredLanguage(undefined)).toBe('en');
    expect(preferredLanguage('')).toBe('en');
    expect(preferredLanguage('vi')).toBe('vi');
    expect(preferredLanguage('vi-VN,vi;q=0.9,en-US;q=0.8')).toBe('vi');
    expect(preferredLanguage('en-US,vi;q=0.5')).toBe('en');
    expect(preferredLanguage('fr,vi;q=0.2')).toBe('vi');
    expect(preferredLanguage('vi;q=0,en')).toBe('en');
    expect(preferredLanguage('de')).toBe('en');
  });

  it('keeps the English detail of a code not yet translated, with a Vietnamese title by status', () => {
    const p = { status: 422, code: 'some-new-rule', title: 'Business rule broken', detail: 'Something specific went wrong' };
    expect(localizeProblem(p, 'vi')).toEqual({ ...p, title: 'Vi phạm quy tắc nghiệp vụ', detail: 'Something specific went wrong', extra: undefined });
    expect(localizeProblem(p, 'en')).toBe(p);
  });

  it('every entry of the table has both languages', () => {
    for (const [code, entry] of Object.entries(PROBLEM_TEXT)) {
      expect({ code, en: entry.title.en.length > 0, vi: entry.title.vi.length > 0 }).toEqual({ code, en: true, vi: true });
    }
  });

  it('translates the generic validation messages, several at once, and nothing it does not know', () => {
    expect(translateMessage('name must not be blank; kind must be one of portal, platform')).toBe(
      'name không được để trống; kind phải là một trong các giá trị: portal, platform',
    );
    expect(translateMessage('contact.email must be an email')).toBe('contact.email phải là địa chỉ thư điện tử');
    expect(translateMessage('An entirely new message')).toBeNull();
  });
});
