import { posix } from 'node:path';
import type { Profile } from '../profile/schemas';
import type { Finding } from './schemas';

/**
 * The files the distribution's log4j configs and `-daemon` mode write in a
 * service's LOG_DIR. ZooKeeper started by zookeeper-server-start.sh uses the
 * brokers' config/log4j.properties, so it writes server.log too.
 */
const filesOf: Partial<Record<Profile['services'][number]['kind'], string[]>> = {
  zookeeper: ['server.log', 'zookeeper.out', 'zookeeper-gc.log'],
  'kafka-broker': ['server.log', 'controller.log', 'state-change.log', 'kafkaServer.out', 'kafkaServer-gc.log'],
  'connect-worker': ['connect.log', 'connectDistributed.out'],
};

/**
 * Services of one host whose LOG_DIR is the same (no `logDir` of their own in
 * one KAFKA_HOME): they write the same server.log and .out files, so their
 * logs interleave and each start truncates the other's console output.
 */
export function diagnoseSharedLogs(profile: Profile): Finding[] {
  const writers = new Map<string, string[]>();
  for (const s of profile.services) {
    const files = filesOf[s.kind];
    if (!files) continue;
    const logDir = 'logDir' in s ? s.logDir : undefined;
    const dir =
      logDir === undefined ? posix.join(s.installDir, 'logs') : posix.isAbsolute(logDir) ? logDir : posix.join(s.installDir, logDir);
    for (const f of files) {
      const key = `${s.host}\0${posix.join(dir, f)}`;
      writers.set(key, [...(writers.get(key) ?? []), s.id]);
    }
  }
  // One finding per group of services, listing every file they share.
  const groups = new Map<string, { host: string; services: string[]; files: string[] }>();
  for (const [key, services] of writers) {
    if (services.length < 2) continue;
    const [host = '', file = ''] = key.split('\0');
    const id = `${host}\0${services.join(',')}`;
    const g = groups.get(id) ?? { host, services, files: [] };
    g.files.push(file);
    groups.set(id, g);
  }
  return [...groups.values()].map((g) => ({
    severity: 'warning' as const,
    title: `${g.services.join(', ')} on ${g.host} write the same log files`,
    detail: `${g.files.join(', ')}: their lines interleave, and each start truncates the other's console output.`,
    fix: `Give each of ${g.services.join(', ')} its own logDir in the profile (the start passes it as LOG_DIR).`,
  }));
}
