/**
 * The layers of src-main, bottom to top; an import may only point down or
 * stay in its layer (`npm run check:layers`, part of `npm test`). Unit tests
 * beside the code are left out: they may build a whole app core.
 */
const domains = 'zookeeper|kafka|hosts|logs|health|services|pipelines|workloads|datalake|discovery';
const schemas = `^src-main/(events/|[^/]+/schemas\\.ts$)`;
const layers = [
  { name: 'common', path: '^src-main/common/' },
  { name: 'schemas', path: schemas },
  { name: 'profile, ssh, net', path: '^src-main/(profile|ssh|net)/', pathNot: schemas },
  { name: 'domains', path: `^src-main/(${domains})/`, pathNot: schemas },
  { name: 'api', path: '^src-main/api/' },
  { name: 'core', path: '^src-main/core/' },
  { name: 'bindings (ipc, web, cli, desktop)', path: '^src-main/(ipc|web|cli|desktop)/' },
  { name: 'Electron shell', path: '^src-main/(main|preload)\\.ts$' },
];

const upward = layers.flatMap((from, i) =>
  layers.slice(i + 1).map((to) => ({
    name: `no-upward-${from.name}-to-${to.name}`.replace(/[^a-z-]+/g, '-'),
    comment: `${from.name} is below ${to.name}: it may not import it.`,
    severity: 'error',
    from: { path: from.path, ...(from.pathNot ? { pathNot: from.pathNot } : {}) },
    to: { path: to.path, ...(to.pathNot ? { pathNot: to.pathNot } : {}) },
  })),
);

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'unplaced-file',
      comment: 'Every file of src-main belongs to a layer: add its folder to .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^src-main/', pathNot: layers.map((l) => `(${l.path})`).join('|') },
      to: {},
    },
    {
      name: 'pure-wire-shapes',
      comment: 'Wire schemas and the contract are pure zod: no client library (kafkajs, ssh2, …) may reach the renderer through them.',
      severity: 'error',
      from: { path: [schemas, '^src-main/api/'] },
      to: { path: '^node_modules/', pathNot: '^node_modules/zod/' },
    },
    {
      name: 'pure-wire-shapes-no-node',
      comment: 'Wire schemas and the contract run in the renderer too: no Node built-in.',
      severity: 'error',
      from: { path: [schemas, '^src-main/api/'] },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-test-code-in-product',
      comment: 'Fakes and test helpers live in test/, and product code never imports them.',
      severity: 'error',
      from: { path: '^src-main/' },
      to: { path: '^test/' },
    },
    {
      name: 'electron-only-in-the-shell',
      comment: 'Only main.ts, preload.ts and ipc/ may import electron; everything else runs under plain Node.',
      severity: 'error',
      from: { path: '^src-main/', pathNot: '^src-main/(main\\.ts|preload\\.ts|ipc/)' },
      to: { path: '^node_modules/electron/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
