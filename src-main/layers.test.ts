import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseOptions, type IForbiddenRuleType, type IViolation } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const repo = join(dirname(new URL(import.meta.url).pathname), '..');
const rules = createRequire(import.meta.url)(join(repo, '.dependency-cruiser.cjs')) as {
  forbidden: IForbiddenRuleType[];
  options: ICruiseOptions;
};

async function violations(baseDir: string): Promise<IViolation[]> {
  const result = await cruise(['src-main'], { ...rules.options, baseDir, ruleSet: { forbidden: rules.forbidden }, validate: true });
  if (typeof result.output === 'string') throw new Error('expected a JSON result');
  return result.output.summary.violations;
}

function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kcc-layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler' } }));
  return dir;
}

describe('layers of src-main', () => {
  it('has no import that points up a layer, no cycle and no client library in the wire shapes', async () => {
    expect((await violations(repo)).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  }, 60_000);

  it('reports an upward import, a client library in a schema file and a fake in product code', async () => {
    const dir = fixture({
      'src-main/common/errors.ts': "import { handlers } from '../core/handlers';\nexport const e = handlers;\n",
      'src-main/core/handlers.ts': 'export const handlers = 1;\n',
      'src-main/kafka/schemas.ts': "import { Kafka } from 'kafkajs';\nexport const k = Kafka;\n",
      'src-main/pipelines/engine.ts': "import { fake } from '../../test/fakes/fake';\nexport const f = fake;\n",
      'test/fakes/fake.ts': 'export const fake = 1;\n',
      'node_modules/kafkajs/package.json': JSON.stringify({ name: 'kafkajs', main: 'index.js' }),
      'node_modules/kafkajs/index.js': 'exports.Kafka = 1;\n',
    });
    const names = (await violations(dir)).map((v) => v.rule.name);
    expect(names).toContain('no-upward-common-to-core');
    expect(names).toContain('pure-wire-shapes');
    expect(names).toContain('no-test-code-in-product');
  }, 60_000);
});
