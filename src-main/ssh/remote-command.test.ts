import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { toShellCommand } from './remote-command';

// The oracle is a real POSIX shell: what it receives as argv must be exactly what we passed.
function roundTrip(argv: string[]): string[] {
  const cmd = toShellCommand(['node', '-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))', ...argv]);
  return JSON.parse(execFileSync('sh', ['-c', cmd], { encoding: 'utf8' })) as string[];
}

describe('toShellCommand', () => {
  it('passes shell metacharacters, quotes and newlines through unchanged', () => {
    const nasty = ['topic; rm -rf /', "it's", 'a"b', '$(id)', '`id`', 'x\ny', '*', '', ' lead', 'tab\there', '!x', 'a\\b', '--opt=v a l'];
    expect(roundTrip(nasty)).toEqual(nasty);
  });

  it('sets environment and working directory safely', () => {
    const cmd = toShellCommand(['sh', '-c', 'printf "%s|%s" "$PWD" "$X"'], { cwd: '/tmp', env: { X: 'a b;$(id)' } });
    expect(execFileSync('sh', ['-c', cmd], { encoding: 'utf8' })).toBe('/tmp|a b;$(id)');
  });

  it('refuses an invalid environment variable name', () => {
    expect(() => toShellCommand(['true'], { env: { 'A;B': '1' } })).toThrow(/invalid environment variable/);
  });
});
