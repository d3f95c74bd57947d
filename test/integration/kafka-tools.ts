import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { sandboxProfilePath } from '../setup/sandbox-fixture';

/**
 * Kafka's own command-line tools and kcat as oracles, pointed at whatever cluster the test profile names (the shared
 * sandbox in CI, a private one in development): the bootstrap address, the broker count and KAFKA_HOME come from the
 * profile, never from constants.
 */
interface ProfileFacts {
  kafka: { bootstrap: string[] };
  services: Array<{ id: string; kind: string; installDir?: string }>;
}

function facts(): ProfileFacts {
  return parse(readFileSync(sandboxProfilePath(), 'utf8')) as ProfileFacts;
}

export function bootstrap(): string {
  const first = facts().kafka.bootstrap[0];
  if (!first) throw new Error('the test profile names no bootstrap broker');
  return first;
}

export function brokerCount(): number {
  return facts().services.filter((s) => s.kind === 'kafka-broker').length;
}

function kafkaHome(): string {
  const home = facts().services.find((s) => s.kind === 'kafka-broker' && s.installDir)?.installDir;
  if (!home) throw new Error('the test profile names no broker installDir');
  return home;
}

/** Runs bin/<script> of the brokers' KAFKA_HOME against the profile's bootstrap broker; returns its stdout. */
export function kafkaTool(script: string, args: string[], input?: string): string {
  return execFileSync(`${kafkaHome()}/bin/${script}`, ['--bootstrap-server', bootstrap(), ...args], {
    encoding: 'utf8',
    timeout: 90_000,
    ...(input !== undefined ? { input } : {}),
  });
}

/**
 * A Kafka tool by its class, through bin/kafka-run-class.sh, for the tools whose wrapper script the sandbox does not
 * ship (kafka-log-dirs.sh is LogDirsCommand, kafka-delete-records.sh is DeleteRecordsCommand).
 */
export function kafkaToolClass(className: string, args: string[]): string {
  return execFileSync(`${kafkaHome()}/bin/kafka-run-class.sh`, [className, '--bootstrap-server', bootstrap(), ...args], {
    encoding: 'utf8',
    timeout: 90_000,
  });
}

/** Kafka's DumpLogSegments over local segment files (no broker involved): what the brokers stored, batch by batch. */
export function dumpLogSegments(files: string[]): string {
  return execFileSync(`${kafkaHome()}/bin/kafka-run-class.sh`, ['kafka.tools.DumpLogSegments', '--files', files.join(',')], {
    encoding: 'utf8',
    timeout: 90_000,
  });
}

/** kcat with the profile's bootstrap broker. */
export function kcat(args: string[], input?: string): string {
  return execFileSync('kcat', ['-b', bootstrap(), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 << 20,
    ...(input !== undefined ? { input } : {}),
  });
}

export interface DescribedPartition {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

/** `kafka-topics.sh --describe` of one topic: its partition count and each partition's leader, replicas and ISR. */
export function describeTopic(topic: string): { partitionCount: number; partitions: DescribedPartition[] } {
  const out = kafkaTool('kafka-topics.sh', ['--describe', '--topic', topic]);
  const count = /PartitionCount:\s*(\d+)/.exec(out);
  const partitions: DescribedPartition[] = [];
  for (const m of out.matchAll(/Partition:\s*(\d+)\s+Leader:\s*(-?\d+)\s+Replicas:\s*([\d,]+)\s+Isr:\s*([\d,]*)/g)) {
    const list = (s: string | undefined) => (s ?? '').split(',').filter(Boolean).map(Number);
    partitions.push({ partition: Number(m[1]), leader: Number(m[2]), replicas: list(m[3]), isr: list(m[4]) });
  }
  return { partitionCount: Number(count?.[1] ?? 0), partitions: partitions.sort((a, b) => a.partition - b.partition) };
}

/** `kafka-consumer-groups.sh --describe` of one group: partition → current offset (as printed; "-" when none). */
export function groupOffsets(group: string): Map<number, string> {
  const rows = new Map<number, string>();
  for (const line of kafkaTool('kafka-consumer-groups.sh', ['--describe', '--group', group]).split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] === group && f.length >= 6) rows.set(Number(f[2]), f[3] ?? '');
  }
  return rows;
}

/** The broker id coordinating a group, from `kafka-consumer-groups.sh --describe --state` ("host:port (id)"); undefined while none does. */
export function groupCoordinator(group: string): number | undefined {
  for (const line of kafkaTool('kafka-consumer-groups.sh', ['--describe', '--group', group, '--state']).split('\n')) {
    const m = line.trim().startsWith(`${group} `) ? /\((\d+)\)/.exec(line) : null;
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** `kafka-consumer-groups.sh --list`. */
export function listGroups(): string[] {
  return kafkaTool('kafka-consumer-groups.sh', ['--list'])
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}
