import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** No Docker engine runs here, so `docker compose config` cannot; the structure is checked instead. */
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(__dirname, '../docker-compose.yml'), 'utf8'));
  const services = compose.services;

  it('runs EventStoreDB, Kafka and the service', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'eventstore', 'kafka']);
    expect(services.eventstore.image).toMatch(/kurrentdb|eventstore/);
    expect(services.kafka.image).toMatch(/^apache\/kafka:/);
    expect(services.api.build).toBe('.');
  });

  it('gives every service a health check, and starts the api only when the others are healthy', () => {
    for (const [name, s] of Object.entries<any>(services)) expect({ name, test: s.healthcheck?.test }).toEqual({ name, test: expect.any(Array) });
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
    expect(Object.keys(compose.volumes).sort()).toEqual(['api-data', 'eventstore-data']);
    expect(services.api.volumes).toContain('api-data:/data');
  });

  it('has a Dockerfile that builds and runs the service with a health check', () => {
    const dockerfile = readFileSync(join(__dirname, '../Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toContain('npm ci');
    expect(dockerfile).toContain('HEALTHCHECK');
    expect(dockerfile).toContain('dist/apps/api/apps/api/src/main.js');
  });
});
