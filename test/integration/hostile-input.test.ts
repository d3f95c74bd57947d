import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseShell } from 'shell-quote';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { contract, methodNames, type MethodOutput } from '../../src-main/api/contract';
import { z } from 'zod';
import { createAppCore, type AppCore } from '../../src-main/core/app-core';
import { errorCodes } from '../../src-main/common/errors';
import { profileSchema, type Profile } from '../../src-main/profile/schemas';
import { toShellCommand } from '../../src-main/ssh/remote-command';
import { SshConnection, type ExecOptions } from '../../src-main/ssh/ssh-connection';
import { startRecordingHosts, type RecordingHosts } from '../setup/recording-hosts';
import { sandboxProfileText } from './app-harness';

/**
 * Every API method that takes a string, fed hostile strings, against the sandbox reached through sshds that
 * record each command they receive. Properties: every command a host received is exactly one the app meant to
 * send (an argv quoted by toShellCommand, which the shell parses back into that argv and nothing else); no file
 * appears; every refusal is a coded error with a message for a person, not a stack trace.
 */

const root = mkdtempSync(join(tmpdir(), 'kcc-hostile-'));
const markers = join(root, 'markers');
mkdirSync(markers);
const m = (n: number) => join(markers, `pwned-${n}`);

/** Classic injections, each of which would leave a marker file if any shell ever ran it. */
const seeds = [
  `x; touch ${m(1)}`,
  `$(touch ${m(2)})`,
  `\`touch ${m(3)}\``,
  `a\ntouch ${m(4)}`,
  `'; touch ${m(5)}; '`,
  `"; touch ${m(6)}; "`,
  `| touch ${m(7)}`,
  `&& touch ${m(8)}`,
  `a\0; touch ${m(9)}`,
  `\${IFS}touch\${IFS}${m(10)}`,
  `-rf /`,
  `--help`,
  '../../../../etc/passwd',
  '../'.repeat(20),
  '/etc/passwd',
  '~root/.ssh/id_rsa',
  '*',
  '',
  ' ',
  '\r\n',
  'é😀\u202e\u0000\uffff',
  'x'.repeat(100_000),
];

const metaPiece = fc.constantFrom(
  ';',
  '|',
  '&',
  '$(',
  ')',
  '`',
  "'",
  '"',
  '\\',
  '\n',
  '\r',
  '\0',
  '*',
  '?',
  '~',
  '#',
  ' ',
  '\t',
  '<',
  '>',
  '{',
  '}',
  '!',
  '..',
  '/',
  '-',
  '$',
  'é',
  '😀',
  '\u202e',
);
const hostile: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...seeds),
  fc.array(fc.oneof(metaPiece, fc.string({ maxLength: 4 })), { maxLength: 16 }).map((a) => a.join('')),
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.nat(8).map((n) => `${'../'.repeat(n + 1)}etc/passwd`),
);

interface Probe {
  method: string;
  input: (s: string) => unknown;
}

const topic = `kcc-hostile-${Date.now()}`;
const fingerprint = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

const probes: Probe[] = [
  { method: 'profile.get', input: (s) => ({ path: s }) },
  { method: 'profile.select', input: (s) => ({ path: s }) },
  { method: 'profile.validate', input: (s) => ({ yaml: s }) },
  { method: 'profile.save', input: (s) => ({ name: s, yaml: s }) },
  { method: 'profile.importSshConfig', input: (s) => ({ path: s }) },
  { method: 'profile.importSshConfig', input: (s) => ({ into: s }) },
  { method: 'profile.importSshConfig', input: (s) => ({ yaml: s }) },
  { method: 'profile.source', input: (s) => ({ path: s }) },
  { method: 'profile.discover', input: (s) => ({ path: s }) },
  { method: 'profile.discover', input: (s) => ({ hostIds: [s] }) },
  { method: 'profile.discover', input: (s) => ({ hostIds: ['kafka-1'], zookeeper: s, name: s }) },
  { method: 'profile.discover', input: (s) => ({ hosts: [{ id: 'draft', address: s, user: s, identityFile: s, knownHostsFile: s }] }) },
  { method: 'hosts.check', input: (s) => ({ host: s }) },
  { method: 'hosts.check', input: (s) => ({ host: s, hosts: [{ id: 'draft', address: s, user: s }] }) },
  { method: 'hosts.trustKey', input: (s) => ({ host: s, fingerprint }) },
  {
    method: 'hosts.trustKey',
    input: (s) => ({ host: 'draft', fingerprint, hosts: [{ id: 'draft', address: s, user: s, knownHostsFile: s }] }),
  },
  { method: 'hosts.unlockKey', input: (s) => ({ host: s, passphrase: s }) },
  { method: 'hosts.replaceKey', input: (s) => ({ host: s, fingerprint, confirmHost: s }) },
  { method: 'services.status', input: (s) => ({ service: s }) },
  { method: 'services.start', input: (s) => ({ service: s }) },
  { method: 'services.stop', input: (s) => ({ service: s }) },
  { method: 'services.restart', input: (s) => ({ service: s }) },
  { method: 'cluster.partitions', input: (s) => ({ topic: s }) },
  { method: 'zookeeper.node', input: (s) => ({ path: s }) },
  { method: 'zookeeper.node', input: (s) => ({ path: `/brokers/${s}` }) },
  { method: 'groups.describe', input: (s) => ({ groupId: s }) },
  { method: 'groups.resetOffsets', input: (s) => ({ groupId: s, topic: s, to: 'earliest' }) },
  { method: 'groups.delete', input: (s) => ({ groupId: s }) },
  // Two partitions: never fewer than any sandbox topic has, so no real topic can grow by accident.
  { method: 'topics.addPartitions', input: (s) => ({ name: s, partitions: 2 }) },
  { method: 'partitions.electPreferredLeaders', input: (s) => ({ topic: s }) },
  { method: 'partitions.electPreferredLeaders', input: (s) => ({ topic: s, partition: 0 }) },
  { method: 'messages.browse', input: (s) => ({ topic: s }) },
  { method: 'messages.browse', input: (s) => ({ topic, contains: s, limit: 10 }) },
  { method: 'messages.produce', input: (s) => ({ topic: s, key: s, value: s }) },
  { method: 'topics.create', input: (s) => ({ name: s, partitions: 1, replicationFactor: 1 }) },
  { method: 'topics.create', input: (s) => ({ name: `${topic}-cfg`, partitions: 1, replicationFactor: 1, configs: { [s]: s } }) },
  {
    method: 'topics.create',
    input: (s) => ({ name: `${topic}-cfg`, partitions: 1, replicationFactor: 1, configs: { 'retention.ms': s } }),
  },
  { method: 'topics.delete', input: (s) => ({ name: s, confirm: s }) },
  { method: 'topics.configs', input: (s) => ({ name: s }) },
  { method: 'topics.alterConfigs', input: (s) => ({ name: topic, set: { [s]: s }, remove: [s] }) },
  { method: 'topics.alterConfigs', input: (s) => ({ name: topic, set: { 'retention.ms': s } }) },
  { method: 'logs.tail', input: (s) => ({ service: s }) },
  { method: 'logs.tail', input: (s) => ({ service: 'broker-1', lines: 5, search: s }) },
  { method: 'logs.follow', input: (s) => ({ service: s }) },
  { method: 'logs.unfollow', input: (s) => ({ streamId: s }) },
  { method: 'logs.files', input: (s) => ({ services: [s] }) },
  { method: 'logs.tail', input: (s) => ({ service: 'broker-1', file: s }) },
  { method: 'logs.read', input: (s) => ({ service: s }) },
  { method: 'logs.read', input: (s) => ({ service: 'broker-1', file: s }) },
  { method: 'logs.follow', input: (s) => ({ service: 'broker-1', file: s }) },
  { method: 'workloads.startProducer', input: (s) => ({ topic: s, records: 1 }) },
  { method: 'workloads.startConsumer', input: (s) => ({ topics: [s], records: 1 }) },
  { method: 'workloads.startRemote', input: (s) => ({ tool: 'producer', hosts: [s], topic, records: 1 }) },
  { method: 'workloads.startRemote', input: (s) => ({ tool: 'producer', hosts: ['kafka-1'], topic: s, records: 1 }) },
  { method: 'workloads.stop', input: (s) => ({ id: s }) },
  { method: 'workloads.wait', input: (s) => ({ id: s, timeoutSec: 1 }) },
  { method: 'workloads.verify', input: (s) => ({ id: s }) },
  { method: 'pipelines.detail', input: (s) => ({ id: s }) },
  { method: 'pipelines.action', input: (s) => ({ id: s, action: 'stop', confirm: s }) },
  { method: 'pipelines.validate', input: (s) => ({ id: s }) },
  { method: 'pipelines.validate', input: (s) => ({ id: 'iot-datalake', config: { [s]: s } }) },
  { method: 'pipelines.create', input: (s) => ({ id: s, config: { [s]: s } }) },
  { method: 'datalake.list', input: (s) => ({ pipeline: s }) },
  { method: 'datalake.head', input: (s) => ({ pipeline: 'flume-iot-hdfs', path: s }) },
  { method: 'datalake.head', input: (s) => ({ pipeline: s, path: '/datalake/iot' }) },
  { method: 'datalake.count', input: (s) => ({ pipeline: 'flume-iot-hdfs', path: s }) },
  { method: 'datalake.landedVsProduced', input: (s) => ({ pipeline: s }) },
  { method: 'pipelines.storePassword', input: (s) => ({ service: s, password: s }) },
  { method: 'topics.endOffset', input: (s) => ({ name: s }) },
  { method: 'operations.cancel', input: (s) => ({ id: s }) },
  { method: 'groups.previewReset', input: (s) => ({ groupId: s, topic: s, to: 'earliest' }) },
  { method: 'groups.lagHistory', input: (s) => ({ groupId: s }) },
  // Validate only: a hostile value must be refused by the broker, never set on a shared broker.
  { method: 'brokers.alterConfigs', input: (s) => ({ brokerId: 0, set: { [s]: s }, remove: [s], validateOnly: true }) },
  { method: 'reassignment.propose', input: (s) => ({ topics: [s] }) },
  // A plan whose topic cannot match the cluster: refused at its first step, nothing moves.
  { method: 'reassignment.execute', input: (s) => ({ moves: [{ topic: s, partition: 0, current: [0], proposed: [1] }] }) },
  { method: 'reassignment.cancel', input: (s) => ({ partitions: [{ topic: s, partition: 0 }] }) },
];

const userCodes = new Set<string>(errorCodes.filter((c) => c !== 'internal'));

describe('the hostile-input probes', () => {
  it('cover every API method that takes a string', () => {
    const probed = new Set(probes.map((p) => p.method));
    const takingStrings = methodNames.filter((name) =>
      JSON.stringify(z.toJSONSchema(contract[name].input, { io: 'input', unrepresentable: 'any' })).includes('"type":"string"'),
    );
    expect(takingStrings.filter((name) => !probed.has(name))).toEqual([]);
  });
});

describe('hostile input', () => {
  let hosts: RecordingHosts;
  let core: AppCore;
  let profileDir: string;
  let knownHostsBefore: string;
  const sent: string[] = [];

  beforeAll(async () => {
    const sandbox: Profile = profileSchema.parse(parse(sandboxProfileText()));
    hosts = await startRecordingHosts(sandbox);
    const variant = parse(sandboxProfileText()) as { hosts: Array<{ port: number; knownHostsFile?: string }> };
    for (const h of variant.hosts) Object.assign(h, { port: hosts.port, knownHostsFile: hosts.knownHostsFile });
    mkdirSync(join(root, 'profiles'));
    profileDir = join(root, 'profiles');
    const profileFile = join(root, 'recording.yaml');
    writeFileSync(profileFile, stringify(variant));
    knownHostsBefore = readFileSync(hosts.knownHostsFile, 'utf8');
    // What the app meant to send: every argv, as the one quoting function turns it into a command line.
    const exec = SshConnection.prototype.exec;
    vi.spyOn(SshConnection.prototype, 'exec').mockImplementation(function (
      this: SshConnection,
      argv: ReadonlyArray<string>,
      options?: ExecOptions,
    ) {
      sent.push(toShellCommand(argv, { ...(options?.cwd ? { cwd: options.cwd } : {}), ...(options?.env ? { env: options.env } : {}) }));
      return exec.call(this, argv, options);
    });
    core = createAppCore({ mode: 'cli', profileFile, profileDir });
    const created = await core.router.call('topics.create', { name: topic, partitions: 1, replicationFactor: 1 });
    expect(created.ok).toBe(true);
  }, 120_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    for (const name of [topic, `${topic}-cfg`]) await core?.router.call('topics.delete', { name, confirm: name });
    await core?.dispose();
    hosts?.stop();
  });

  it('refuses or handles every hostile string with a coded, readable answer', async () => {
    const answerOf = async (probe: Probe, s: string) => {
      const r = await core.router.call(probe.method, probe.input(s));
      if (r.ok) return;
      const where = `${probe.method} ${JSON.stringify(s).slice(0, 80)}: ${r.error.code}: ${r.error.message.slice(0, 200)}`;
      // Assertions on booleans, so a failure prints the short label, not a 100,000-character string.
      expect(userCodes.has(r.error.code), where).toBe(true);
      expect(r.error.message.trim().length > 0, where).toBe(true);
      expect(/\n\s+at [^\n]+:\d+:\d+/.test(r.error.message), where).toBe(false);
      expect(/^(TypeError|ReferenceError|SyntaxError|RangeError)\b/.test(r.error.message), where).toBe(false);
    };
    // Every seed through every probe, then random strings.
    for (const probe of probes) for (const s of seeds) await answerOf(probe, s);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...probes), hostile, (probe, s) => answerOf(probe, s)),
      { numRuns: 400 },
    );
  }, 600_000);

  it('round-trips hostile keys, values and headers through Kafka unchanged', async () => {
    const text = hostile.filter((s) => s.length < 10_000);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            text.filter((s) => s.length > 0),
            text,
          ),
          { minLength: 1, maxLength: 15 },
        ),
        async (pairs) => {
          let first: number | undefined;
          for (const [k, v] of pairs) {
            const produced = await core.router.call('messages.produce', { topic, key: k, value: v, headers: [{ key: k, value: v }] });
            expect(produced.ok, JSON.stringify(produced).slice(0, 300)).toBe(true);
            if (!produced.ok) return;
            first ??= Number((produced.value as MethodOutput<'messages.produce'>).offset);
          }
          const read = await core.router.call('messages.browse', { topic, from: { offset: first ?? 0 }, limit: pairs.length });
          expect(read.ok).toBe(true);
          if (!read.ok) return;
          const got = (read.value as MethodOutput<'messages.browse'>).messages.map((msg) => msg.headers);
          expect(got).toEqual(pairs.map(([k, v]) => [{ key: k, value: v }]));
        },
      ),
      {
        numRuns: 4,
        // Header keys named like Object.prototype members: CI once drew `valueOf` and got the inherited function back.
        examples: [
          [['valueOf', 'constructor', '__proto__', 'toString', 'hasOwnProperty'].map((k): [string, string] => [k, `${k}; touch x`])],
        ],
      },
    );
  }, 300_000);

  it('ran nothing on the hosts but the commands the app meant, and no file appeared', () => {
    const intended = new Set(sent);
    let received = 0;
    for (const [host, commands] of hosts.commands()) {
      for (const command of commands) {
        received++;
        if (command === 'internal-sftp' || command === 'sftp') continue;
        expect(intended.has(command), `${host} received a command the app did not send: ${JSON.stringify(command).slice(0, 200)}`).toBe(
          true,
        );
        // And the remote shell reads it back as one simple command (a `cd DIR &&` prefix at most): no other operator.
        const tokens = parseShell(command);
        const ops = tokens.map((t, i) => (typeof t === 'string' ? undefined : { i, t })).filter((x) => x !== undefined);
        expect(
          ops.every((o) => o.i === 2 && tokens[0] === 'cd' && 'op' in o.t && o.t.op === '&&'),
          `${host}: ${command.slice(0, 200)}`,
        ).toBe(true);
      }
    }
    expect(received).toBeGreaterThan(0);
    expect(readdirSync(markers)).toEqual([]);
    for (let i = 1; i <= 10; i++) expect(existsSync(m(i))).toBe(false);
    // Saves land in the profile directory, under a valid name, or not at all.
    expect(readdirSync(root).sort()).toEqual(['markers', 'profiles', 'recording.yaml']);
    for (const f of readdirSync(profileDir)) expect(f).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*\.yaml$/);
    expect(readFileSync(hosts.knownHostsFile, 'utf8')).toBe(knownHostsBefore);
  });
});
