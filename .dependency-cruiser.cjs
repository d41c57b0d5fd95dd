/**
 * fr2en's layers, checked by `npm run lint:deps` (part of `npm test`). Imports point down only:
 *
 *   cli/ (main.ts the bin)                       the command line
 *   server/ (HTTP)  queue/ (BullMQ jobs)         Node services on the public API; server/ may use queue/
 *   index.ts, browser.ts (both on public.ts)     the public API
 *   pipeline/ (translate/, digest)  summarize/   tasks; summarize/ does not import pipeline/
 *   instance/                                    the instance core the tasks share
 *   backend/  models/  cache/                    model backends, model files, the translation cache's stores
 *   segment/ lang/ html/ formats/ text/ util/ quality/ + errors, warnings, progress, validate   pure leaves
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
const PURE = '^src/(segment|lang|html|formats|text|util|quality)/';
const ABOVE_BACKEND = '^src/(instance|pipeline|summarize|cli)/|^src/(index|public)\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Import cycles make load order fragile and layers meaningless.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-imports-nothing-above',
      severity: 'error',
      comment: 'segment/, lang/, html/, formats/, text/, util/ and quality/ are pure: no backend, model, task, API or CLI code.',
      from: { path: PURE },
      to: { path: '^src/(backend|models)/|' + ABOVE_BACKEND },
    },
    {
      name: 'shared-leaves-import-nothing-above',
      severity: 'error',
      comment: 'errors, warnings, progress and validate are used by every layer, so they import only pure code.',
      from: { path: '^src/(errors|warnings|progress|validate)\\.ts$' },
      to: { path: '^src/(backend|models)/|' + ABOVE_BACKEND },
    },
    {
      name: 'backend-below-tasks',
      severity: 'error',
      comment: 'backend/, models/ and cache/ know nothing of the instance core, the tasks, the public index or the CLI.',
      from: { path: '^src/(backend|models|cache)/' },
      to: { path: ABOVE_BACKEND },
    },
    {
      name: 'instance-below-tasks',
      severity: 'error',
      comment: 'The instance core serves the tasks; it does not import them.',
      from: { path: '^src/instance/' },
      to: { path: '^src/(pipeline|summarize|cli)/|^src/(index|public)\\.ts$' },
    },
    {
      name: 'tasks-below-api',
      severity: 'error',
      comment: 'pipeline/ and summarize/ import neither the public index nor the CLI.',
      from: { path: '^src/(pipeline|summarize)/' },
      to: { path: '^src/cli/|^src/(index|public|browser)\\.ts$' },
    },
    {
      name: 'summarize-not-pipeline',
      severity: 'error',
      comment: 'Summaries do not depend on translation (digest, in pipeline/, combines both).',
      from: { path: '^src/summarize/' },
      to: { path: '^src/pipeline/' },
    },
    {
      name: 'only-cli-imports-cli',
      severity: 'error',
      comment: 'Nothing outside src/cli/ imports the CLI (tests run it as a process).',
      from: { path: '^(src|bench|examples|scripts)/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'cli-uses-public-api',
      severity: 'error',
      comment: 'The CLI uses the public API (index.ts) only, as a server would, the services through their entry points, and the registry of environment variables (platform/env.ts, pure).',
      from: { path: '^src/cli/' },
      to: { path: '^src/', pathNot: '^src/(cli/|index\\.ts$|server/index\\.ts$|queue/index\\.ts$|platform/env\\.ts$)' },
    },
    {
      name: 'services-use-public-api',
      severity: 'error',
      comment: 'server/ and queue/ sit above the public API: they import index.ts, the pure language detector (lang/) and the registry of environment variables (platform/env.ts, pure), nothing below.',
      from: { path: '^src/(server|queue)/' },
      to: { path: '^src/', pathNot: '^src/(server/|queue/|index\\.ts$|lang/|platform/env\\.ts$)' },
    },
    {
      name: 'queue-not-server',
      severity: 'error',
      comment: 'The queue is usable without the HTTP server (the server uses the queue for /v1/jobs).',
      from: { path: '^src/queue/' },
      to: { path: '^src/server/' },
    },
    {
      name: 'nothing-below-imports-services',
      severity: 'error',
      comment: 'Only the CLI and the services themselves import server/ and queue/.',
      from: { path: '^(src|bench|examples|scripts)/', pathNot: '^src/(cli|server|queue)/|^bench/(queue|server)\\.ts$' },
      to: { path: '^src/(server|queue)/' },
    },
    {
      name: 'scripts-not-tests',
      severity: 'error',
      comment: 'scripts/ and bench/ do not import test code.',
      from: { path: '^(scripts|bench|examples)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
