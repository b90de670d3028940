import { addDays, compareDates, endOfVietnamDay, fromDayNumber, isCalendarDate, parseKnownAt, toDayNumber, vietnamDateOf } from './calendar';
import { foldVietnamese, slugify } from './text';

describe('calendar', () => {
  describe('isCalendarDate', () => {
    it.each(['2024-02-29', '2024-07-03', '2025-03-01', '2000-02-29'])('accepts %s', (value) => {
      expect(isCalendarDate(value)).toBe(true);
    });

    it.each(['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-2-3', '03/07/2024', '2024-07-03T00:00:00Z', ''])(
      'rejects %j',
      (value) => {
        expect(isCalendarDate(value)).toBe(false);
      },
    );

    it('rejects non-strings', () => {
      expect(isCalendarDate(20240703)).toBe(false);
      expect(isCalendarDate(null)).toBe(false);
      expect(isCalendarDate(new Date('2024-07-03'))).toBe(false);
    });
  });

  describe('parseKnownAt', () => {
    it('reads a date as the end of that day in Vietnam', () => {
      expect(parseKnownAt('2024-07-15')?.toISOString()).toBe('2024-07-15T16:59:59.999Z');
    });

    it.each([
      ['2024-07-15T09:30:00+07:00', '2024-07-15T02:30:00.000Z'],
      ['2024-07-15T02:30:00Z', '2024-07-15T02:30:00.000Z'],
      ['2024-07-15T02:30:00.123Z', '2024-07-15T02:30:00.123Z'],
      ['2024-07-15T09:30+07:00', '2024-07-15T02:30:00.000Z'],
      ['2024-07-14T20:00:00-05:00', '2024-07-15T01:00:00.000Z'],
    ])('reads the instant %s with its offset', (value, iso) => {
      expect(parseKnownAt(value)?.toISOString()).toBe(iso);
    });

    it.each([
      'yesterday',
      '2024-07-15T09:30:00',
      '2024-07-15 09:30:00Z',
      '2024-02-30T00:00:00Z',
      '2024-07-15T24:00:00Z',
      '2024-07-15T09:60:00Z',
      '2024-2-3',
      '',
    ])('rejects %j', (value) => {
      expect(parseKnownAt(value)).toBeNull();
    });
  });

  describe('vietnamDateOf', () => {
    it('is already the next day from 17:00 UTC', () => {
      expect(vietnamDateOf(new Date('2024-07-14T17:00:00Z'))).toBe('2024-07-15');
      expect(vietnamDateOf(new Date('2024-07-14T16:59:59.999Z'))).toBe('2024-07-14');
    });

    it('round-trips with endOfVietnamDay', () => {
      expect(endOfVietnamDay('2024-07-03').toISOString()).toBe('2024-07-03T16:59:59.999Z');
      expect(vietnamDateOf(endOfVietnamDay('2024-07-03'))).toBe('2024-07-03');
      expect(vietnamDateOf(new Date(endOfVietnamDay('2024-07-03').getTime() + 1))).toBe('2024-07-04');
    });
  });

  describe('day arithmetic', () => {
    it('counts days since 1970-01-01 and back', () => {
      expect(toDayNumber('1970-01-01')).toBe(0);
      expect(fromDayNumber(toDayNumber('2024-02-29'))).toBe('2024-02-29');
      expect(toDayNumber('2024-07-15') - toDayNumber('2024-07-03')).toBe(12);
    });

    it('adds days across month and leap-year ends', () => {
      expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
      expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
      expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    });

    it('rejects a malformed date', () => {
      expect(() => toDayNumber('2024-2-3')).toThrow();
    });

    it('compares dates', () => {
      expect(compareDates('2024-07-03', '2024-07-15')).toBe(-1);
      expect(compareDates('2024-07-15', '2024-07-03')).toBe(1);
      expect(compareDates('2024-07-03', '2024-07-03')).toBe(0);
    });
  });
});

describe('Vietnamese text', () => {
  it('folds case and diacritics, đ included', () => {
    expect(foldVietnamese('Hóa đơn ĐIỆN TỬ')).toBe('hoa don dien tu');
    expect(foldVietnamese('Cổng công khai ngân sách nhà nước')).toBe('cong cong khai ngan sach nha nuoc');
  });

  it('folds decomposed (NFD) input the same as composed input', () => {
    expect(foldVietnamese('Hóa đơn điện tử'.normalize('NFD'))).toBe('hoa don dien tu');
  });

  it('slugifies a document number', () => {
    expect(slugify('2765/BTTTT-CĐSQG')).toBe('2765-BTTTT-CDSQG');
    expect(slugify(' Quyết định số 123/QĐ-BTC ')).toBe('Quyet-dinh-so-123-QD-BTC');
  });
});
