/** The boundaries of DESIGN.md, checked in CI by `npm run lint`. No carve-outs. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain decides; it imports no framework, driver or broker client, and no other lib but contracts',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: ['node_modules/(@nestjs|pg|pg-[^/]+|kafkajs|fastify|@electric-sql|@opentelemetry|prom-client)/', '^libs/(event-store|messaging|projections|observability|runtime|testing)/', '^apps/'] },
    },
    {
      name: 'contracts-are-schemas',
      comment: 'libs/contracts holds schemas only',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { path: ['node_modules/(@nestjs|pg|kafkajs|fastify)/', '^libs/(domain|event-store|messaging|projections|runtime|testing)/', '^apps/'] },
    },
    {
      name: 'test-fixtures-only-in-tests',
      comment: 'libs/testing (fixtures, spec helpers) serves specs and test suites; no production code imports it, and nothing in apps or libs imports test/',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '^libs/testing/' },
      to: { path: ['^libs/testing/', '^test/'] },
    },
    {
      name: 'metrics-and-sdk-in-observability',
      comment: 'prom-client and the OpenTelemetry SDK live in libs/observability; the libraries that report take a narrow port, and trace through @opentelemetry/api alone',
      severity: 'error',
      from: { path: '^libs/', pathNot: '^libs/observability/' },
      to: { path: 'node_modules/(prom-client|@opentelemetry/(sdk-|instrumentation|exporter))' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-do-not-import-each-other',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'web-reads-the-http-api',
      comment:
        'apps/web is a client of the public HTTP API: it runs no server code. It may name the server\'s types of the answers it reads with type-only imports ' +
        '(`import type`, `export type { } from`), which the build erases; any other import of libs/ or a server package is refused (its specs may check it against the contracts)',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: ['^libs/', 'node_modules/(@nestjs|pg|kafkajs|fastify|@electric-sql)/'], dependencyTypesNot: ['type-only'] },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
  },
};
