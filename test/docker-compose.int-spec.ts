import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** No Docker engine runs here, so `docker compose config` cannot; the structure is checked instead. */
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(__dirname, '../docker-compose.yml'), 'utf8'));
  const services = compose.services;

  const byDefault = Object.fromEntries(Object.entries<any>(services).filter(([, s]) => !s.profiles));

  it('runs EventStoreDB, Kafka and the service; Keycloak and a service wired to it only with the keycloak profile', () => {
    expect(Object.keys(byDefault).sort()).toEqual(['api', 'eventstore', 'kafka']);
    expect(services.keycloak.profiles).toEqual(['keycloak']);
    expect(services['api-sso'].profiles).toEqual(['keycloak']);
    expect(services.eventstore.image).toMatch(/kurrentdb|eventstore/);
    expect(services.kafka.image).toMatch(/^apache\/kafka:/);
    expect(services.api.build).toBe('.');
  });

  it('gives every service a health check, and starts the api only when the others are healthy', () => {
    // One-shot jobs (restart "no") run to completion instead.
    for (const [name, s] of Object.entries<any>(services).filter(([, s]) => s.restart !== 'no'))
      expect({ name, test: s.healthcheck?.test }).toEqual({ name, test: expect.any(Array) });
    expect(services.api.depends_on).toEqual({ eventstore: { condition: 'service_healthy' }, kafka: { condition: 'service_healthy' } });
    expect(services.api.healthcheck.test.join(' ')).toContain('/ready');
  });

  it('publishes the documented ports', () => {
    expect(services.eventstore.ports).toContain('2113:2113');
    expect(services.kafka.ports).toContain('9092:9092');
    expect(services.api.ports).toContain('3000:3000');
  });

  it('configures the service with the environment names of API.md, pointing at the other services', () => {
    const env = services.api.environment;
    expect(env.EVENTSTORE_CONNECTION_STRING).toBe('esdb://eventstore:2113?tls=false');
    expect(env.KAFKA_BROKERS).toBe('kafka:9092');
    expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
    expect(services.eventstore.environment.KURRENTDB_INSECURE).toBe('true');
    expect(services.kafka.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(services.kafka.environment.KAFKA_ADVERTISED_LISTENERS).toContain('kafka:9092');
  });

  it('keeps data in named volumes', () => {
    expect(Object.keys(compose.volumes).sort()).toEqual(['api-data', 'api-sso-data', 'eventstore-data', 'postgres-data']);
    expect(services.api.volumes).toContain('api-data:/data');
    expect(services.postgres.volumes).toContain('postgres-data:/var/lib/postgresql/data');
  });

  it('has a postgres profile: PostgreSQL 15, three replicas on one DATABASE_URL, a load balancer', () => {
    const profiled = Object.entries<any>(services)
      .filter(([, s]) => s.profiles?.includes('postgres'))
      .map(([name, s]) => [name, s.profiles]);
    expect(profiled).toEqual([
      ['postgres', ['postgres']],
      ['seed-pg', ['postgres']],
      ['api-pg', ['postgres']],
      ['lb', ['postgres']],
    ]);
    // Seeded once, by a one-shot job, before the replicas start (they would race otherwise).
    expect(services['seed-pg'].command).toEqual(['node', 'dist/apps/api/apps/api/src/cli.js', 'seed']);
    expect(services['seed-pg'].depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(services['api-pg'].environment.SEED).toBe('false');
    expect(services.postgres.image).toBe('postgres:15');
    expect(services.postgres.environment.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    const api = services['api-pg'];
    expect(api.build).toBe('.');
    expect(api.deploy.replicas).toBe(3);
    expect(api.environment.DATABASE_URL).toBe('postgres://ndp:${POSTGRES_PASSWORD}@postgres:5432/ndp');
    // The log is in PostgreSQL only: never both remote stores (the service refuses that).
    expect(api.environment.EVENTSTORE_CONNECTION_STRING).toBeUndefined();
    expect(api.environment.KAFKA_BROKERS).toBe('kafka:9092');
    expect(api.environment.AUDIT_SIGNING_KEY).toMatch(/^\$\{AUDIT_SIGNING_KEY:\?/);
    expect(api.depends_on).toEqual({ 'seed-pg': { condition: 'service_completed_successfully' }, kafka: { condition: 'service_healthy' } });
    expect(api.ports).toBeUndefined(); // replicas are reached through the load balancer
    expect(services.lb.depends_on).toEqual({ 'api-pg': { condition: 'service_healthy' } });
    expect(services.lb.ports).toContain('3002:3001');
    expect(compose.configs['lb-caddyfile'].content).toMatch(/dynamic a api-pg 3000[\s\S]*lb_policy round_robin[\s\S]*health_uri \/ready/);
  });

  it('wires the keycloak profile: the realm imported, the service verifying its tokens with the same issuer the browser sees', () => {
    const kc = services.keycloak;
    const sso = services['api-sso'];
    expect(kc.image).toMatch(/^quay\.io\/keycloak\/keycloak:\d+/);
    expect(kc.command).toEqual(['start-dev', '--import-realm']);
    expect(kc.volumes).toContain('./docker/keycloak:/opt/keycloak/data/import:ro');
    expect(kc.ports).toEqual(expect.arrayContaining(['8080:8080', '3001:3000']));
    expect(sso.build).toBe('.');
    expect(sso.network_mode).toBe('service:keycloak');
    expect(sso.depends_on).toEqual({ keycloak: { condition: 'service_healthy' } });
    const env = sso.environment;
    expect(env.OIDC_ISSUER).toBe(`${kc.environment.KC_HOSTNAME}/realms/ndp`);
    expect(new URL(env.OIDC_ISSUER).hostname).toBe('localhost'); // plain http is accepted on loopback only
    expect(env.OIDC_ROLE_CLAIM).toBe('realm_access.roles');

    const realm = JSON.parse(readFileSync(join(__dirname, '../docker/keycloak/ndp-realm.json'), 'utf8'));
    expect(realm.realm).toBe('ndp');
    expect(realm.roles.realm.map((r: { name: string }) => r.name).sort()).toEqual(['auditor', 'mic-admin', 'ministry-editor']);
    const viewer = realm.clients.find((c: { clientId: string }) => c.clientId === env.OIDC_CLIENT_ID);
    expect(viewer).toMatchObject({ publicClient: true, standardFlowEnabled: true, implicitFlowEnabled: false, directAccessGrantsEnabled: false });
    expect(viewer.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(viewer.redirectUris).toEqual(['http://localhost:3001/']);
    const mapper = (type: string) => viewer.protocolMappers.find((m: { protocolMapper: string }) => m.protocolMapper === type)?.config;
    expect(mapper('oidc-audience-mapper')).toMatchObject({ 'included.custom.audience': env.OIDC_AUDIENCE, 'access.token.claim': 'true' });
    expect(mapper('oidc-usermodel-attribute-mapper')).toMatchObject({
      'user.attribute': 'ministry',
      'claim.name': env.OIDC_MINISTRY_CLAIM,
      'access.token.claim': 'true',
    });
    const editor = realm.users.find((u: { username: string }) => u.username === 'editor.btc');
    expect(editor).toMatchObject({ realmRoles: ['ministry-editor'], attributes: { ministry: ['BTC'] } });
  });

  it('has a Dockerfile that builds and runs the service with a health check', () => {
    const dockerfile = readFileSync(join(__dirname, '../Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toContain('npm ci');
    expect(dockerfile).toContain('HEALTHCHECK');
    expect(dockerfile).toContain('dist/apps/api/apps/api/src/main.js');
  });
});
