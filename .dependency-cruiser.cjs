// The import directions ARCHITECTURE.md states, checked by `npm run lint:deps` (and so by `npm test`).
// Each rule names the paragraph it encodes; a new direction is a change to ARCHITECTURE.md first.
/** Everything in src/ except the listed folders. */
const srcExcept = (...dirs) => `^src/(?!(${dirs.join('|')})/)`;

module.exports = {
  forbidden: [
    {
      name: 'catalog-model-imports-nothing',
      comment: 'ARCHITECTURE.md: the catalog model (src/catalog/model.ts) imports nothing.',
      severity: 'error',
      from: { path: '^src/catalog/model\\.ts$' },
      to: { path: '^(src|tests|bench|scripts|fixtures)/' },
    },
    {
      name: 'lib-imports-nothing',
      comment: 'ARCHITECTURE.md: src/lib/ (redaction, the lazy yaml loader) imports nothing of the project.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^(src/(?!lib/)|tests|bench|scripts|fixtures)' },
    },
    {
      name: 'catalog-reads-only-lib',
      comment: 'ARCHITECTURE.md: the catalog (model, loader, vocabulary, timestamp reader) sits at the bottom.',
      severity: 'error',
      from: { path: '^src/catalog/' },
      to: { path: srcExcept('catalog', 'lib') },
    },
    {
      name: 'models-beside-the-catalog',
      comment: 'ARCHITECTURE.md: the result model and the session model sit beside the catalog model.',
      severity: 'error',
      from: { path: '^src/(results|session)/' },
      to: { path: srcExcept('catalog', 'results', 'session', 'lib') },
    },
    {
      name: 'plans-read-only-the-catalog-model',
      comment:
        'ARCHITECTURE.md: the request plans read only the catalog model and are read by the generator and the checks.',
      severity: 'error',
      from: { path: '^src/plans/' },
      to: { path: srcExcept('plans', 'catalog', 'lib') },
    },
    {
      name: 'generator-reads-only-the-catalog',
      comment: 'ARCHITECTURE.md: the generator turns the pages into the catalog; it needs no other layer.',
      severity: 'error',
      from: { path: '^src/generator/' },
      to: { path: srcExcept('generator', 'catalog', 'plans', 'lib') },
    },
    {
      name: 'nobody-imports-the-generator',
      comment: 'ARCHITECTURE.md: everything else reads the catalog (through src/catalog/load.ts), never the pages.',
      severity: 'error',
      from: { path: '^(src/(?!generator/)|playwright\\.config\\.ts)' },
      to: { path: '^src/generator/' },
    },
    {
      name: 'target-reads-only-the-catalog',
      comment: 'ARCHITECTURE.md: the reference target imports only the catalog model and loader.',
      severity: 'error',
      from: { path: '^src/target/' },
      to: { path: srcExcept('target', 'catalog', 'lib') },
    },
    {
      name: 'config-reads-models-and-http',
      comment:
        'ARCHITECTURE.md: the configuration layer builds the session from the models and asks Keystone through src/http/.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: srcExcept('config', 'catalog', 'session', 'results', 'http', 'lib') },
    },
    {
      name: 'checks-reach-targets-only-through-http',
      comment: 'ARCHITECTURE.md: checks read the models and reach targets only through src/http/.',
      severity: 'error',
      from: { path: '^src/checks/' },
      to: { path: srcExcept('checks', 'catalog', 'plans', 'session', 'results', 'http', 'lib') },
    },
    {
      name: 'http-reads-only-models',
      comment:
        "ARCHITECTURE.md: src/http/ is the checks' and the configuration's way to a target; it reads the models only.",
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: srcExcept('http', 'catalog', 'session', 'results', 'lib') },
    },
    {
      name: 'report-reads-only-models',
      comment:
        'ARCHITECTURE.md: the reporter reads the models and what the tests attached; its settings come in as options.',
      severity: 'error',
      from: { path: '^src/report/' },
      to: { path: srcExcept('report', 'catalog', 'results', 'lib') },
    },
    {
      name: 'only-wiring-imports-wiring',
      comment:
        'ARCHITECTURE.md: the test wiring (src/run/) and the CLI plug the layers together; no layer imports them.',
      severity: 'error',
      from: { path: srcExcept('run', 'cli') },
      to: { path: '^src/(run|cli)/' },
    },
    {
      name: 'no-circular',
      comment: 'Dependencies point one way.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    moduleSystems: ['es6', 'cjs'],
  },
};
