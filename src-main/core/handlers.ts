import type { AppEventHub } from '../events/schemas';
import type { AppInfo } from '../api/contract';
import { AppFailure, fail } from '../common/errors';
import type { Handlers } from '../api/router';
import { parseProfile } from '../profile/parse-profile';
import { hostView, toProfileView } from '../profile/profile-view';
import { addHostsToProfile, readSshConfig, saveProfile } from '../profile/profile-files';
import type { ProfileStore } from '../profile/profile-store';
import { hostFactsCommand, logDirsOf, parseHostFacts } from '../hosts/host-facts';
import { commandsFor } from '../services/service-commands';
import { collidingTopic } from '../kafka/topic-rules';
import { describeGroup, listGroups, resetOffsets } from '../kafka/consumer-groups';
import { browseMessages, produceMessage } from '../kafka/messages';
import { runDoctor } from '../health/doctor';
import { readZnode } from '../zookeeper/znode-browser';
import type { Operations } from '../services/operations';
import type { ClusterSession } from './cluster-session';

export interface HandlerDeps {
  mode: AppInfo['mode'];
  version: string;
  profiles: ProfileStore;
  events: AppEventHub;
  operations: Operations;
  /** The session of the active profile (created on first use). */
  session: () => Promise<ClusterSession>;
  /** Called after the active profile changed. */
  onProfileChanged?: () => Promise<void>;
}

/** The implementation of every contract method, written against plain Node services. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const startedAt = new Date().toISOString();
  const profileNow = async () => (await deps.profiles.load()).profile;
  return {
    'app.info': async () => ({
      name: 'Kafka Control Center',
      version: deps.version,
      mode: deps.mode,
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
      pid: process.pid,
      startedAt,
      profileDir: deps.profiles.profileDir,
    }),
    'profile.list': async () => deps.profiles.list(),
    'profile.get': async ({ path }) => {
      const loaded = await deps.profiles.load(path);
      return toProfileView(loaded.path, loaded.profile);
    },
    'profile.select': async ({ path }) => {
      const loaded = await deps.profiles.select(path);
      await deps.onProfileChanged?.();
      deps.events.emit('profile.changed', { path: loaded.path, name: loaded.profile.name });
      return toProfileView(loaded.path, loaded.profile);
    },
    'profile.validate': async ({ yaml }) => {
      const parsed = parseProfile(yaml);
      return parsed.ok ? { valid: true, errors: [] } : { valid: false, errors: parsed.errors };
    },

    'profile.save': async ({ name, yaml, overwrite }) => {
      const saved = await saveProfile(deps.profiles.profileDir, name, yaml, overwrite);
      return { path: saved.path, name: saved.profile.name, source: 'profiles-dir' as const, active: false };
    },
    'profile.importSshConfig': async ({ path, into, hosts }) => {
      const { path: configPath, result } = await readSshConfig(path);
      const chosen = hosts ? result.hosts.filter((h) => hosts.includes(h.id)) : result.hosts;
      const merged = into ? await addHostsToProfile(await deps.profiles.knownPath(into, 'into'), chosen) : { added: [], kept: [] };
      return { configPath, hosts: chosen.map(hostView), skipped: result.skipped, ...merged };
    },
    'hosts.check': async ({ host }) => {
      const session = await deps.session();
      const profile = await profileNow();
      const started = Date.now();
      try {
        const brokers = profile.services.filter((s) => s.host === host && s.kind === 'kafka-broker');
        const dirs: string[] = [];
        for (const b of brokers) {
          const cfg = 'config' in b ? b.config : '';
          const path = cfg.startsWith('/') ? cfg : `${b.installDir}/${cfg}`;
          const text = await (await session.pool.connection(host)).readFile(path).catch(() => '');
          for (const d of logDirsOf(text)) if (!dirs.includes(d)) dirs.push(d);
        }
        const r = await session.pool.exec(host, hostFactsCommand(dirs), { timeoutMs: 15_000 });
        return { host, reachable: true, facts: parseHostFacts(r.stdout), latencyMs: Date.now() - started };
      } catch (err) {
        if (err instanceof AppFailure && err.error.code !== 'not_found') return { host, reachable: false, error: err.error };
        throw err;
      }
    },
    'hosts.trustKey': async ({ host, fingerprint }) => {
      const session = await deps.session();
      const r = await session.pool.trustHostKey(host, fingerprint);
      return { host, ...r };
    },

    'hosts.unlockKey': async ({ host, passphrase }) => {
      const session = await deps.session();
      session.pool.setPassphrase(host, passphrase);
      return { host };
    },
    'services.status': async ({ service }) => {
      const session = await deps.session();
      const ids = service ? [service] : (await profileNow()).services.map((s) => s.id);
      const statuses = await Promise.all(ids.map((id) => session.control.status(id)));
      for (const s of statuses)
        deps.events.emit('service.status', { serviceId: s.id, state: s.state, ...(s.detail ? { detail: s.detail } : {}) });
      return statuses;
    },
    'services.start': async ({ service }) => {
      const session = await deps.session();
      await session.control.service(service);
      return deps.operations.run('start', [service], (op) => session.control.start(service, op));
    },
    'services.stop': async ({ service, graceSeconds }) => {
      const session = await deps.session();
      await session.control.service(service);
      return deps.operations.run('stop', [service], (op) => session.control.stop(service, op, graceSeconds * 1000));
    },
    'services.restart': async ({ service }) => {
      const session = await deps.session();
      await session.control.service(service);
      return deps.operations.run('restart', [service], async (op) => {
        await session.control.stop(service, op);
        await session.control.start(service, op);
      });
    },
    'cluster.state': async () => (await (await deps.session()).watch()).state(),
    'cluster.partitions': async ({ topic }) => {
      const watch = await (await deps.session()).watch();
      await watch.state();
      return watch.partitions(topic);
    },
    'zookeeper.node': async ({ path }) => readZnode((await (await deps.session()).effectiveProfile()).kafka.zookeeper, path),
    'groups.list': async () => (await (await deps.session()).admin()).withAdmin('Listing consumer groups', listGroups),
    'groups.describe': async ({ groupId }) =>
      (await (await deps.session()).admin()).withAdmin(`Describing group ${groupId}`, (a) => describeGroup(a, groupId)),
    'groups.resetOffsets': async ({ groupId, topic, to }) =>
      (await (await deps.session()).admin()).withAdmin(`Resetting offsets of ${groupId}`, (a) => resetOffsets(a, groupId, topic, to)),
    'health.doctor': async () => {
      const session = await deps.session();
      const state = await (await session.watch()).state();
      const findings = await runDoctor(await profileNow(), session.pool, session.dial, state);
      return { checkedAt: new Date().toISOString(), findings };
    },
    'messages.browse': async (req) => {
      const session = await deps.session();
      const conn = await session.kafkaConnection();
      return (await session.admin()).withAdmin(`Browsing ${req.topic}`, (a) => browseMessages(conn, a, req));
    },
    'messages.produce': async (req) => {
      const session = await deps.session();
      const conn = await session.kafkaConnection();
      return (await session.admin()).withAdmin(`Producing to ${req.topic}`, () => produceMessage(conn, req));
    },
    'topics.create': async ({ name, partitions, replicationFactor, configs }) => {
      const session = await deps.session();
      const state = await (await session.watch()).state();
      if (state.zookeeper.state === 'connected') {
        const registered = state.brokers.filter((b) => b.registered).length;
        if (replicationFactor > registered) {
          throw new AppFailure({
            code: 'invalid_input',
            field: 'replicationFactor',
            message: `A replication factor of ${replicationFactor} needs ${replicationFactor} brokers; ${registered} are registered.`,
          });
        }
        const clash = collidingTopic(
          name,
          state.topics.map((t) => t.name),
        );
        if (clash)
          throw new AppFailure({
            code: 'conflict',
            field: 'name',
            message: `"${name}" collides with the existing topic "${clash}" ("." and "_" are the same in Kafka's metric names).`,
          });
      }
      await (await session.admin()).createTopic({ name, partitions, replicationFactor, configs });
      return { name };
    },
    'topics.delete': async ({ name, confirm }) => {
      if (confirm !== name)
        throw new AppFailure({
          code: 'invalid_input',
          field: 'confirm',
          message: `Type the topic name "${name}" to confirm its deletion.`,
        });
      const session = await deps.session();
      await (await session.admin()).deleteTopic(name);
      return { name };
    },
    'topics.configs': async ({ name }) => (await (await deps.session()).admin()).topicConfigs(name),
    'brokers.configs': async ({ brokerId }) => (await (await deps.session()).admin()).brokerConfigs(brokerId),
    'topics.alterConfigs': async ({ name, set, remove }) => {
      const admin = await (await deps.session()).admin();
      await admin.alterTopicConfigs(name, set, remove);
      return admin.topicConfigs(name);
    },
    'cluster.startAll': async () => {
      const session = await deps.session();
      const ids = (await profileNow()).services.map((s) => s.id);
      return deps.operations.run('start-all', ids, (op) => session.orchestrator.startAll(op));
    },
    'cluster.stopAll': async () => {
      const session = await deps.session();
      const ids = (await profileNow()).services.map((s) => s.id);
      return deps.operations.run('stop-all', ids, (op) => session.orchestrator.stopAll(op));
    },
    'cluster.rollingRestart': async () => {
      const session = await deps.session();
      const ids = (await profileNow()).services.filter((s) => s.kind === 'kafka-broker').map((s) => s.id);
      return deps.operations.run('rolling-restart', ids, (op) => session.orchestrator.rollingRestart(op));
    },
    'operations.list': async () => deps.operations.list(),
    'logs.tail': async ({ service, lines, search }) => {
      const session = await deps.session();
      const { service: svc } = await session.control.service(service);
      const { logFile } = commandsFor(svc);
      const r = await session.pool.exec(svc.host, ['tail', '-n', String(lines), logFile], { timeoutMs: 15_000 });
      if (r.code !== 0) {
        throw new AppFailure({
          code: 'not_found',
          message: `Cannot read ${logFile} on ${svc.host}: ${r.stderr.trim() || `exit ${r.code}`}`,
        });
      }
      const all = r.stdout.split('\n').filter((l, i, a) => l !== '' || i < a.length - 1);
      const needle = search?.toLowerCase();
      return { service, host: svc.host, file: logFile, lines: needle ? all.filter((l) => l.toLowerCase().includes(needle)) : all };
    },
    'logs.follow': async ({ service, lines }, caller) => {
      const session = await deps.session();
      const { service: svc } = await session.control.service(service);
      return session.logs.follow(svc, lines, caller);
    },
    'logs.unfollow': async ({ streamId }) => {
      const session = await deps.session();
      return { stopped: session.logs.stop(streamId) };
    },
    'workloads.list': async () => (await deps.session()).workloads.list(),
    'workloads.startProducer': async (spec) => (await deps.session()).workloads.startProducer(spec),
    'workloads.startConsumer': async (spec) => (await deps.session()).workloads.startConsumer(spec),
    'workloads.startRemote': async (spec) => (await deps.session()).workloads.startRemote(spec),
    'workloads.stop': async ({ id }) => (await deps.session()).workloads.stop(id),
    'workloads.wait': async ({ id, timeoutSec }) => {
      const workloads = (await deps.session()).workloads;
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutSec * 1000).unref());
      const ended = await Promise.race([workloads.wait(id), timeout]);
      return ended === 'timeout' ? workloads.get(id) : ended;
    },
    'workloads.verify': async ({ id }) => (await deps.session()).workloads.verify(id),
    'pipelines.list': async () => (await deps.session()).pipelines.list(),
    'pipelines.detail': async ({ id }) => (await deps.session()).pipelines.detail(id),
    'pipelines.action': async ({ id, action, confirm }) => (await deps.session()).pipelines.act(id, action, confirm),
    'pipelines.validate': async ({ id, config }) => (await deps.session()).pipelines.validate(id, config),
    'pipelines.create': async ({ id, config }) => (await deps.session()).pipelines.create(id, config),

    // --- Hardening (issue 14) ---
    'hosts.replaceKey': async ({ host, fingerprint, confirmHost }) => {
      if (confirmHost !== host)
        fail('invalid_input', `Type the host name "${host}" to confirm replacing its key.`, { field: 'confirmHost' });
      const session = await deps.session();
      return { host, ...(await session.pool.replaceHostKey(host, fingerprint)) };
    },
  };
}
