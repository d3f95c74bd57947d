import { parseArgs } from 'node:util';
import { z } from 'zod';
import { contract, methodNames } from '../api/contract';
import { createAppCore } from '../core/app-core';
import { readSecret, type SecretInput } from './read-secret';

/**
 * `kcc <method> [json-input] [--profile FILE]`: the contract from a shell, for
 * scripts and tests. Prints the method's output as JSON; on error prints the
 * structured error as JSON and exits 1.
 */
const usage = `Usage: kcc <method> [json-input] [--profile FILE]
       kcc --help

Calls one Kafka Control Center API method and prints its result as JSON.`;

function helpText(): string {
  const lines = [usage, '', 'Methods:'];
  for (const name of methodNames) {
    const def = contract[name];
    lines.push('', `  ${name}`, `    ${def.summary}`);
    const schema = z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' });
    const props = 'properties' in schema && schema.properties ? Object.keys(schema.properties) : [];
    lines.push(`    input: ${props.length === 0 ? '{}' : JSON.stringify(stripMeta(schema))}`);
  }
  return lines.join('\n');
}

function stripMeta(schema: object): object {
  const { $schema: _drop, ...rest } = schema as Record<string, unknown>;
  return rest;
}

type Out = Pick<NodeJS.WritableStream, 'write'>;

/** Methods whose secret field the CLI reads from stdin or a prompt, never from argv. */
const secretFields: Partial<Record<string, string>> = { 'hosts.unlockKey': 'passphrase' };

export async function runCli(
  argv: string[],
  out: Out = process.stdout,
  err: Out = process.stderr,
  stdin: SecretInput = process.stdin,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { profile: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    err.write(`${e instanceof Error ? e.message : String(e)}\n${usage}\n`);
    return 2;
  }
  const [method, rawInput, ...extra] = parsed.positionals;
  if (parsed.values.help || method === undefined) {
    out.write(`${helpText()}\n`);
    return parsed.values.help ? 0 : 2;
  }
  if (extra.length > 0) {
    err.write(`Unexpected arguments: ${extra.join(' ')}\n${usage}\n`);
    return 2;
  }
  let input: unknown = {};
  if (rawInput !== undefined) {
    try {
      input = JSON.parse(rawInput);
    } catch {
      out.write(
        `${JSON.stringify({ code: 'invalid_input', message: 'The input argument is not valid JSON', hint: `Example: kcc profile.get '{}'` }, null, 2)}\n`,
      );
      return 1;
    }
  }
  const secretField = secretFields[method];
  if (secretField && input !== null && typeof input === 'object') {
    if (secretField in input) {
      out.write(
        `${JSON.stringify(
          {
            code: 'invalid_input',
            field: secretField,
            message: `kcc does not take the ${secretField} as an argument (ps and shell history would show it); give it on stdin or at the prompt.`,
            hint: `Example: kcc ${method} '{"host":"kafka-1"}' < file-with-the-${secretField}`,
          },
          null,
          2,
        )}\n`,
      );
      return 1;
    }
    input = { ...input, [secretField]: await readSecret(stdin, err, secretField[0]?.toUpperCase() + secretField.slice(1)) };
  }
  const profileFile = parsed.values.profile ?? process.env.KCC_PROFILE;
  const core = createAppCore({ mode: 'cli', ...(profileFile ? { profileFile } : {}) });
  try {
    const result = await core.router.call(method, input);
    if (result.ok) {
      out.write(`${JSON.stringify(result.value, null, 2)}\n`);
      return 0;
    }
    out.write(`${JSON.stringify(result.error, null, 2)}\n`);
    return 1;
  } finally {
    await core.dispose();
  }
}

/**
 * Exits once everything written has left the process: process.exit() right after a large write to a pipe drops
 * whatever the pipe had not taken yet (64 KiB when the reader is slow), so a piped result came out cut.
 */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

const isEntry = process.argv[1] !== undefined && /kcc\.(ts|js|mjs|cjs)$/.test(process.argv[1]);
if (isEntry) {
  runCli(process.argv.slice(2)).then(exitAfterFlush, (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    exitAfterFlush(1);
  });
}
