import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** `kcc` from source, as one process (node with the tsx loader, no wrapper), so a signal sent to it reaches kcc itself. */
export const kccFromSource = ['--import', 'tsx', 'src-main/cli/kcc.ts'];

export interface KccProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Exit code (128 + n for a signal n). */
  exited: Promise<number>;
  /** Resolves once `test` matches stderr+stdout so far; rejects after timeoutMs or if kcc exits first. */
  waitFor(test: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

const signals: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** Starts kcc with `args` (default: from source) in the repository, with exactly `env` besides PATH and HOME. */
export function startKcc(args: string[], env: Record<string, string>, command: string[] = kccFromSource): KccProcess {
  const child = spawn(process.execPath, [...command, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number>((resolve) => {
    child.on('close', (code, signal) => resolve(code ?? 128 + (signal ? (signals[signal] ?? 0) : 0)));
  });
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitFor(test, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = (err + out).match(test);
        if (m) return m;
        if (done) throw new Error(`kcc exited before printing ${String(test)}\nstdout: ${out}\nstderr: ${err}`);
        if (Date.now() > deadline)
          throw new Error(`kcc did not print ${String(test)} within ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** Runs kcc to its end. */
export async function runKcc(
  args: string[],
  env: Record<string, string>,
  command?: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const p = startKcc(args, env, command);
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}
