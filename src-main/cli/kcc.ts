import { parseArgs } from 'node:util';
import { z } from 'zod';
import { contract, methodNames } from '../api/contract';
import type { AppError } from '../common/errors';
import { attachBackend } from './attach';
import { jsonLines } from './json-lines';
import { inProcessBackend, type Backend } from './backend';
import { readSecret, type SecretInput } from './read-secret';
import { printError, streamerFor, type Out } from './streams';

/**
 * `kcc [--attach [URL]] <method> [json-input] [--profile FILE]`: the contract from a shell, for scripts and tests.
 * Prints the method's output as JSON; on error prints the structured error as JSON and exits 1. Methods whose output
 * comes as events (log follow, load runs, lifecycle operations) print it as it comes, until it ends or Ctrl-C.
 */
const usage = `Usage: kcc <method> [json-input] [--profile FILE] [--jsonl]
       kcc --attach [URL] <method> [json-input] [--jsonl]
       kcc --help

Calls one Kafka Control Center API method and prints its result as JSON.
--jsonl prints the result's records one JSON object a line instead (the messages of messages.browse, the elements
of a list), e.g. kcc messages.browse '{"topic":"t","limit":1000}' --jsonl > t.jsonl

Without --attach, kcc runs the app's core itself on a profile (--profile, $KCC_PROFILE, or the one last selected).
With --attach, it calls a running app (\`npm run web\`) instead: at URL as the app printed it, or, without URL, at the
saved session the app wrote ($XDG_STATE_HOME/kafka-control-center/session.json, or $KCC_SESSION_FILE).
$KCC_ATTACH does the same as --attach: a URL, or 1 for the saved session (--profile overrides it).
The token comes from the saved session or $KCC_TOKEN. A token typed in the URL works too, but every user of this
machine sees it in \`ps\` while kcc runs, and your shell history keeps it.

logs.follow prints the log's lines until Ctrl-C; workloads.start* print a line a second until the run ends (Ctrl-C
stops it, and prints its summary); services.start/stop/restart and cluster.* print their steps as they happen.
What kcc started ends with it.`;

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

/** Methods whose secret field the CLI reads from stdin or a prompt, never from argv. */
const secretFields: Partial<Record<string, string>> = { 'hosts.unlockKey': 'passphrase' };

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  /** The user's interrupt (Ctrl-C); returns the unsubscribe. */
  onInterrupt?: (listener: () => void) => () => void;
}

/** SIGINT (Ctrl-C), SIGTERM, and a closed stdout (`kcc logs.follow … | head`) all end a stream the same way. */
function processInterrupts(listener: () => void): () => void {
  const onPipe = (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') listener();
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  process.stdout.on('error', onPipe);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
    process.stdout.off('error', onPipe);
  };
}

/** `--attach`, `--attach URL` or `--attach=URL`, taken out before parseArgs (whose options cannot have an optional value). */
function takeAttach(argv: string[]): { rest: string[]; attach: boolean; url?: string } {
  const rest: string[] = [];
  let attach = false;
  let url: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--attach') {
      attach = true;
      const next = argv[i + 1];
      if (next !== undefined && /^https?:\/\//i.test(next)) {
        url = next;
        i++;
      }
    } else if (arg.startsWith('--attach=')) {
      attach = true;
      url = arg.slice('--attach='.length) || undefined;
    } else rest.push(arg);
  }
  return { rest, attach, ...(url !== undefined ? { url } : {}) };
}

/** Which app kcc calls: its own core, or a running app (--attach, $KCC_ATTACH). */
async function chooseBackend(
  attach: { attach: boolean; url?: string },
  profileFlag: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: true; value: Backend } | { ok: false; error: AppError }> {
  const fromEnv = env.KCC_ATTACH ? env.KCC_ATTACH : undefined;
  const envUrl = fromEnv && /^https?:\/\//i.test(fromEnv) ? fromEnv : undefined;
  if (attach.attach && profileFlag !== undefined) {
    return {
      ok: false,
      error: {
        code: 'invalid_input',
        field: 'profile',
        message: "--profile is for kcc's own app core; an app kcc attaches to works on the profile it has open.",
        hint: 'Drop --profile, or switch the app\'s profile: kcc --attach profile.select \'{"path":"…"}\'.',
      },
    };
  }
  if (attach.attach) return attachBackend(attach.url ?? envUrl, env);
  if (fromEnv && profileFlag === undefined) return attachBackend(envUrl, env);
  const profileFile = profileFlag ?? env.KCC_PROFILE;
  return { ok: true, value: inProcessBackend(profileFile ? { profileFile } : {}) };
}

export async function runCli(
  argv: string[],
  out: Out = process.stdout,
  err: Out = process.stderr,
  stdin: SecretInput = process.stdin,
  options: CliOptions = {},
): Promise<number> {
  const env = options.env ?? process.env;
  const attach = takeAttach(argv);
  let parsed;
  try {
    parsed = parseArgs({
      args: attach.rest,
      allowPositionals: true,
      options: { profile: { type: 'string' }, help: { type: 'boolean', short: 'h' }, jsonl: { type: 'boolean' } },
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
      return printError(out, {
        code: 'invalid_input',
        message: 'The input argument is not valid JSON',
        hint: `Example: kcc profile.get '{}'`,
      });
    }
  }
  const secretField = secretFields[method];
  if (secretField && input !== null && typeof input === 'object') {
    if (secretField in input) {
      return printError(out, {
        code: 'invalid_input',
        field: secretField,
        message: `kcc does not take the ${secretField} as an argument (ps and shell history would show it); give it on stdin or at the prompt.`,
        hint: `Example: kcc ${method} '{"host":"kafka-1"}' < file-with-the-${secretField}`,
      });
    }
    input = { ...input, [secretField]: await readSecret(stdin, err, secretField[0]?.toUpperCase() + secretField.slice(1)) };
  }
  const backend = await chooseBackend(attach, parsed.values.profile, env);
  if (!backend.ok) return printError(out, backend.error);
  try {
    const stream = streamerFor(method);
    if (stream && isKnown(method)) {
      return await stream(backend.value, method, input, { out, err, onInterrupt: options.onInterrupt ?? processInterrupts });
    }
    const result = await backend.value.call(method, input);
    if (!result.ok) return printError(out, result.error);
    if (parsed.values.jsonl) for (const line of jsonLines(result.value, recordsOf(method))) out.write(`${line}\n`);
    else out.write(`${JSON.stringify(result.value, null, 2)}\n`);
    return 0;
  } finally {
    await backend.value.close();
  }
}

/** The output field the contract names as the method's records, for --jsonl. */
function recordsOf(method: string): string | undefined {
  if (!isKnown(method)) return undefined;
  const def: { records?: string } = contract[method];
  return def.records;
}

function isKnown(method: string): method is keyof typeof contract {
  return Object.prototype.hasOwnProperty.call(contract, method);
}

/**
 * Exits once everything written has left the process: process.exit() right after a large write to a pipe drops
 * whatever the pipe had not taken yet (64 KiB when the reader is slow), so a piped result came out cut.
 */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/** Runs kcc as the program: `bin/kcc.mjs` calls it, and so does this file when it is the entry itself. */
export function main(argv: string[] = process.argv.slice(2)): void {
  runCli(argv).then(exitAfterFlush, (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    exitAfterFlush(1);
  });
}

// `tsx src-main/cli/kcc.ts` and `node dist/cli/kcc.cjs`; bin/kcc.mjs loads this module and calls main() itself.
const isEntry = process.argv[1] !== undefined && /(?:^|[\\/])kcc\.(?:ts|cjs)$/.test(process.argv[1]);
if (isEntry) main();
