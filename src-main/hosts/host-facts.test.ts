import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hostFactsCommand, logDirsOf, parseHostFacts } from './host-facts';

describe('host facts', () => {
  it('parses what the command prints on this machine', () => {
    const [cmd, ...args] = hostFactsCommand(['/tmp', '/nonexistent-dir']);
    const facts = parseHostFacts(execFileSync(cmd ?? 'sh', args, { encoding: 'utf8' }));
    expect(facts.kernel).toMatch(/^Linux /);
    expect(facts.uptimeSeconds).toBeGreaterThan(0);
    expect(facts.memTotalBytes).toBeGreaterThan(facts.memAvailableBytes ?? Infinity);
    expect(facts.load).toHaveLength(3);
    expect(facts.disks.map((d) => d.path)).toEqual(['/tmp']);
    expect(facts.disks[0]?.availableBytes).toBeGreaterThan(0);
  });

  it('reads log.dirs, falling back to log.dir and the default', () => {
    expect(logDirsOf('broker.id=0\nlog.dirs=/data/a, /data/b\n')).toEqual(['/data/a', '/data/b']);
    expect(logDirsOf('log.dir = /var/kafka\n')).toEqual(['/var/kafka']);
    expect(logDirsOf('broker.id=0\n')).toEqual(['/tmp/kafka-logs']);
  });

  it('reads log.dirs as Java reads properties: the last value wins, continuation lines join', () => {
    expect(logDirsOf('log.dirs=/data/old\nlog.dirs=/data/new\n')).toEqual(['/data/new']);
    expect(logDirsOf('log.dirs=/data/a,\\\n  /data/b\n')).toEqual(['/data/a', '/data/b']);
  });
});
