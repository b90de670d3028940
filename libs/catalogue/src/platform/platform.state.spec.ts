import { evolvePlatform, platformAsOf, PlatformState } from './platform.state';
import { amended, CONG_NGAN_SACH, corrected, given, ministryRenamed, registered, reinstated, transferred, withdrawn } from '../testing/decider-spec';

const id = CONG_NGAN_SACH.platformId;
const TYPO = 'Cổng công khai ngân sach nhà nước';

describe('platform state', () => {
  describe('evolvePlatform', () => {
    const start = evolvePlatform(null, registered(CONG_NGAN_SACH, '2024-05-01')) as PlatformState;

    it('starts an entry in force from its registration', () => {
      const { platformId, ...fields } = CONG_NGAN_SACH;
      expect(start).toEqual({ id: platformId, ...fields, status: 'in-force', registeredOn: '2024-05-01' });
    });

    it('applies amendments and corrections field by field', () => {
      const a = evolvePlatform(start, amended(id, { ndxpStatus: 'connected' }, '2024-09-01'));
      const c = evolvePlatform(a, corrected(id, { name: 'Cổng CKNS' }, '2024-10-01'));
      expect(c).toEqual({ ...start, ndxpStatus: 'connected', name: 'Cổng CKNS' });
    });

    it('withdraws, reinstates and transfers', () => {
      const w = evolvePlatform(start, withdrawn(id, '2024-09-01'));
      expect(w?.status).toBe('withdrawn');
      expect(evolvePlatform(w, reinstated(id, '2024-10-01'))?.status).toBe('in-force');
      expect(evolvePlatform(start, transferred(id, 'BTC', 'BCA', '2024-10-01'))?.ownerMinistry).toBe('BCA');
    });

    it('does not mutate the state it is given', () => {
      const before = structuredClone(start);
      evolvePlatform(start, amended(id, { name: 'x' }, '2024-09-01'));
      expect(start).toEqual(before);
    });

    it('ignores changes to an entry that does not exist yet, and foreign events', () => {
      expect(evolvePlatform(null, amended(id, { name: 'x' }, '2024-09-01'))).toBeNull();
      expect(evolvePlatform(null, withdrawn(id, '2024-09-01'))).toBeNull();
      expect(evolvePlatform(start, ministryRenamed('BTC', 'Bộ Tài chính (mới)', 'Bộ Tài chính', '2024-09-01'))).toBe(start);
    });
  });

  describe('platformAsOf', () => {
    const stream = given([registered(CONG_NGAN_SACH, '2024-05-01'), amended(id, { ndxpStatus: 'connecting' }, '2024-09-01')]);

    it('is null before the registration', () => {
      expect(platformAsOf(stream.events, '2024-04-30')).toBeNull();
      expect(platformAsOf([], '2024-05-01')).toBeNull();
    });

    it('includes the changes effective on the date itself', () => {
      expect(platformAsOf(stream.events, '2024-05-01')?.ndxpStatus).toBe('not-connected');
      expect(platformAsOf(stream.events, '2024-08-31')?.ndxpStatus).toBe('not-connected');
      expect(platformAsOf(stream.events, '2024-09-01')?.ndxpStatus).toBe('connecting');
    });

    it('with no date, gives the latest state including scheduled changes', () => {
      const scheduled = given([registered(CONG_NGAN_SACH, '2024-05-01'), withdrawn(id, '2030-01-01')]);
      expect(platformAsOf(scheduled.events, '2029-12-31')?.status).toBe('in-force');
      expect(platformAsOf(scheduled.events, null)?.status).toBe('withdrawn');
    });

    it('applies events in valid-time order: one recorded later but effective earlier applies first', () => {
      const events = given([
        registered(CONG_NGAN_SACH, '2024-05-01'),
        amended(id, { ndxpStatus: 'connected' }, '2024-09-01'),
        corrected(id, { ndxpStatus: 'connecting' }, '2024-07-01'), // recorded last, effective earlier
      ]).events;
      expect(platformAsOf(events, '2024-06-30')?.ndxpStatus).toBe('not-connected');
      expect(platformAsOf(events, '2024-08-01')?.ndxpStatus).toBe('connecting');
      expect(platformAsOf(events, '2024-09-01')?.ndxpStatus).toBe('connected');
      expect(platformAsOf(events, null)?.ndxpStatus).toBe('connected');
    });

    it('breaks ties on the same date by log order, whatever the order of the array', () => {
      const events = given([
        registered(CONG_NGAN_SACH, '2024-05-01'),
        amended(id, { url: 'https://a.mof.gov.vn' }, '2024-09-01'),
        amended(id, { url: 'https://b.mof.gov.vn' }, '2024-09-01'),
      ]).events;
      expect(platformAsOf(events, '2024-09-01')?.url).toBe('https://b.mof.gov.vn');
      expect(platformAsOf([...events].reverse(), '2024-09-01')?.url).toBe('https://b.mof.gov.vn');
    });

    it('lets a correction change a past date retroactively while a later amendment still wins after its date', () => {
      const events = given([
        registered({ ...CONG_NGAN_SACH, name: TYPO }, '2024-05-01'),
        amended(id, { name: 'Cổng thông tin công khai ngân sách nhà nước' }, '2024-10-01'),
        corrected(id, { name: CONG_NGAN_SACH.name }, '2024-05-01'),
      ]).events;
      const knownBeforeCorrection = events.slice(0, 2);
      expect(platformAsOf(knownBeforeCorrection, '2024-07-03')?.name).toBe(TYPO);
      expect(platformAsOf(events, '2024-05-01')?.name).toBe('Cổng công khai ngân sách nhà nước');
      expect(platformAsOf(events, '2024-07-03')?.name).toBe('Cổng công khai ngân sách nhà nước');
      expect(platformAsOf(events, '2024-10-01')?.name).toBe('Cổng thông tin công khai ngân sách nhà nước');
    });

    it('keeps the registration date when a correction is dated on it', () => {
      const events = given([registered(CONG_NGAN_SACH, '2024-05-01'), corrected(id, { kind: 'platform' }, '2024-05-01')]).events;
      expect(platformAsOf(events, '2024-05-01')).toMatchObject({ kind: 'platform', registeredOn: '2024-05-01', status: 'in-force' });
    });

    it('lists the entry under its owner on each side of a transfer', () => {
      const events = given([registered(CONG_NGAN_SACH, '2024-05-01'), transferred(id, 'BTC', 'BCA', '2025-03-01')]).events;
      expect(platformAsOf(events, '2025-02-28')?.ownerMinistry).toBe('BTC');
      expect(platformAsOf(events, '2025-03-01')?.ownerMinistry).toBe('BCA');
    });
  });
});
