/**
 * Layer rules, checked by `npm run lint` (depcruise). The picture they keep:
 *
 *   apps/api, apps/relay ──▶ libs/projections, libs/integration, libs/auth ──▶ libs/event-store ──▶ (node, npm)
 *          │                         │                                             │
 *          └─────────────────────────┴──────────────▶ libs/catalogue (the domain: imports nothing but itself)
 *
 * and the write side (the domain, the event store, the command path) never depends on the read
 * side (libs/projections). Aliases `@ndp/<lib>` resolve through tsconfig.json.
 */

/** The write side: the domain, the store, the command plumbing and the handlers of commands. */
const COMMAND_FOLDERS = '(register|amend|correct|withdraw|reinstate|transfer|rename|merge|dissolve|reassign|publish|import)-[^/]+';
const WRITE_SIDE = [
  '^libs/catalogue/src/',
  '^libs/event-store/src/',
  '^apps/api/src/infrastructure/command-',
  '^apps/api/src/http/command-',
  // The one handler of entry commands and the one of ministry commands.
  '^apps/api/src/commands/[^/]+\\.handler\\.ts$',
  '\\.command\\.ts$',
  `^apps/api/src/.*/${COMMAND_FOLDERS}/[^/]+\\.handler\\.ts$`,
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-only-itself',
      comment: 'libs/catalogue is plain TypeScript: no Nest, no node: modules, no npm packages, no other lib. Specs may also use test/support (seeded-random).',
      severity: 'error',
      from: { path: '^libs/catalogue/src/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: '^libs/catalogue/src/' },
    },
    {
      name: 'domain-specs-import-only-the-domain-and-test-support',
      severity: 'error',
      from: { path: '^libs/catalogue/src/.+\\.spec\\.ts$' },
      to: { pathNot: ['^libs/catalogue/src/', '^test/support/'] },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'write-side-never-imports-read-side',
      comment:
        'The domain, the event store, the command path (infrastructure/command-*, http/command-*, commands/*.handler.ts, *.command.ts) and command handlers must not depend on libs/projections.',
      severity: 'error',
      from: { path: WRITE_SIDE },
      to: { path: '^libs/projections/' },
    },
    {
      name: 'product-code-never-imports-test-code',
      comment: 'Test oracles, generators and fixtures live in testing/ or test/, and only tests (and the benchmarks) use them.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: ['\\.(spec|int-spec|e2e-spec|esdb-spec)\\.ts$', '/testing/'] },
      to: { path: ['/testing/', '^test/'] },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make module load order matter and hide layering mistakes.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|data|test-artifacts|bench/out)/' },
    // Type-only imports count too: a type from the read side still couples the write side to it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.cjs', '.mjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
