import { quote } from 'shell-quote';

/**
 * Remote commands are argv arrays; this is the one place they become a string
 * for the remote POSIX shell. shell-quote is checked (see the test) to round-trip
 * newlines, quotes, `$()`, globs and backticks through `sh -c`.
 */
export function toShellCommand(argv: ReadonlyArray<string>, options: { cwd?: string; env?: Record<string, string> } = {}): string {
  if (argv.length === 0) throw new Error('empty command');
  const env = Object.entries(options.env ?? {}).map(([k, v]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`invalid environment variable name: ${k}`);
    return `${k}=${quote([v])}`;
  });
  const command = [...env, quote([...argv])].join(' ');
  return options.cwd ? `cd ${quote([options.cwd])} && ${command}` : command;
}
