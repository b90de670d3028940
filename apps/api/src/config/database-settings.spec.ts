import { databaseSettings } from './app-config';

describe('DATABASE_URL (PostgreSQL event store)', () => {
  it('selects PostgreSQL with the default schema, or the one named', () => {
    expect(databaseSettings({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/ndp' })).toEqual({ url: 'postgres://u:p@127.0.0.1:5432/ndp', schema: 'public' });
    expect(databaseSettings({ DATABASE_URL: 'postgresql://h/ndp', DATABASE_SCHEMA: 'catalogue' })).toEqual({ url: 'postgresql://h/ndp', schema: 'catalogue' });
    expect(databaseSettings({})).toBeNull();
    expect(databaseSettings({ DATABASE_URL: '' })).toBeNull();
  });

  it('is refused together with EVENTSTORE_CONNECTION_STRING, with a message that says what to do', () => {
    expect(() => databaseSettings({ DATABASE_URL: 'postgres://h/ndp', EVENTSTORE_CONNECTION_STRING: 'esdb://h:2113?tls=false' })).toThrow(
      /DATABASE_URL and EVENTSTORE_CONNECTION_STRING are both set.*Unset one of them/,
    );
  });

  it('refuses what is not a PostgreSQL URL or a plain schema name', () => {
    expect(() => databaseSettings({ DATABASE_URL: 'mysql://h/ndp' })).toThrow(/postgres:\/\//);
    expect(() => databaseSettings({ DATABASE_URL: 'postgres://h/ndp', DATABASE_SCHEMA: 'a"; DROP' })).toThrow(/DATABASE_SCHEMA/);
  });
});
