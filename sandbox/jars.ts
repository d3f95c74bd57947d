import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { runCommand } from './command';
import type { SandboxPaths } from './paths';
import { requireTools } from './prerequisites';
import { FLUME_VERSION, HADOOP_VERSION, KAFKA_VERSION } from './topology';

/**
 * The Kafka jars, resolved from Maven Central by sandbox/pom.xml into a cache
 * outside the repo. The marker file is written last, so an interrupted fetch
 * is redone rather than trusted.
 */

/** Jar (file name prefix) that must sit under plugin.path, never in libs/. */
export const PLUGIN_JARS: Record<string, string> = { 'connect-file': `connect-file-${KAFKA_VERSION}.jar` };

/** Jars whose presence proves the fetch covered every part the sandbox runs. */
export const REQUIRED_LIBS = [
  `kafka_2.13-${KAFKA_VERSION}.jar`,
  `kafka-clients-${KAFKA_VERSION}.jar`,
  `connect-runtime-${KAFKA_VERSION}.jar`,
  `connect-json-${KAFKA_VERSION}.jar`,
  `kafka-tools-${KAFKA_VERSION}.jar`,
  'zookeeper-3.8.4.jar',
  'slf4j-reload4j-1.7.36.jar',
];

const markerSchema = z.object({ version: z.string(), jars: z.number().int(), fetchedAt: z.string() });
type Marker = z.infer<typeof markerSchema>;

export async function jarsComplete(paths: SandboxPaths): Promise<boolean> {
  let marker: Marker;
  try {
    marker = markerSchema.parse(JSON.parse(await readFile(paths.jarsMarker, 'utf8')));
  } catch {
    return false;
  }
  if (marker.version !== KAFKA_VERSION) return false;
  try {
    const libs = new Set(await readdir(paths.libsDir));
    if (!REQUIRED_LIBS.every((j) => libs.has(j))) return false;
    for (const [dir, jar] of Object.entries(PLUGIN_JARS)) {
      if (!(await readdir(join(paths.pluginsDir, dir))).includes(jar)) return false;
    }
    return libs.size === marker.jars;
  } catch {
    return false;
  }
}

export interface JarsResult {
  fetched: boolean;
  jars: number;
  ms: number;
}

/** Fetches the jars unless the cache is complete. */
export async function ensureKafkaJars(paths: SandboxPaths, log: (line: string) => void): Promise<JarsResult> {
  const started = Date.now();
  if (await jarsComplete(paths)) {
    return { fetched: false, jars: (await readdir(paths.libsDir)).length, ms: Date.now() - started };
  }
  const { mvn } = await requireTools(['mvn']);
  log(`fetching Kafka ${KAFKA_VERSION} jars from Maven Central into ${paths.kafkaDir} …`);
  await mkdir(paths.kafkaDir, { recursive: true });
  // Resolve into a scratch directory and move into place only when complete.
  const staging = join(paths.kafkaDir, `libs.partial-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await runCommand(mvn, ['-q', '-B', '-f', paths.pomFile, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`], {
    cwd: paths.kafkaDir,
    timeoutMs: 15 * 60_000,
  });
  const names = await readdir(staging);
  const missing = [...REQUIRED_LIBS, ...Object.values(PLUGIN_JARS)].filter((j) => !names.includes(j));
  if (missing.length > 0) throw new Error(`Maven resolved no ${missing.join(', ')}; see ${paths.pomFile}`);

  await rm(paths.pluginsDir, { recursive: true, force: true });
  for (const [dir, jar] of Object.entries(PLUGIN_JARS)) {
    await mkdir(join(paths.pluginsDir, dir), { recursive: true });
    await rename(join(staging, jar), join(paths.pluginsDir, dir, jar));
  }
  await rm(paths.libsDir, { recursive: true, force: true });
  await rename(staging, paths.libsDir);
  const jars = (await readdir(paths.libsDir)).length;
  const marker: Marker = { version: KAFKA_VERSION, jars, fetchedAt: new Date().toISOString() };
  await writeFile(paths.jarsMarker, `${JSON.stringify(marker, null, 2)}\n`);
  return { fetched: true, jars, ms: Date.now() - started };
}

/** A jar set of the data lake (HDFS, Flume): one pom, one cache directory with libs/ and a completion marker. */
export interface JarSet {
  name: string;
  version: string;
  pom: string;
  /** <cache>/<name>-<version> */
  dir: string;
  /** Jars whose presence proves the fetch covered what the sandbox runs. */
  required: string[];
}

export function datalakeJarSets(paths: SandboxPaths): JarSet[] {
  return [
    {
      name: 'hadoop',
      version: HADOOP_VERSION,
      pom: join(paths.repoRoot, 'sandbox', 'pom-hadoop.xml'),
      dir: paths.hadoopDir,
      required: [`hadoop-minicluster-${HADOOP_VERSION}.jar`, `hadoop-hdfs-${HADOOP_VERSION}.jar`, 'jackson-core-2.12.7.jar'],
    },
    {
      name: 'flume',
      version: FLUME_VERSION,
      pom: join(paths.repoRoot, 'sandbox', 'pom-flume.xml'),
      dir: paths.flumeDir,
      required: [
        `flume-ng-node-${FLUME_VERSION}.jar`,
        `flume-file-channel-${FLUME_VERSION}.jar`,
        `flume-kafka-source-${FLUME_VERSION}.jar`,
        `flume-ng-kafka-sink-${FLUME_VERSION}.jar`,
        `flume-hdfs-sink-${FLUME_VERSION}.jar`,
        `hadoop-hdfs-client-${HADOOP_VERSION}.jar`,
      ],
    },
  ];
}

async function jarSetComplete(set: JarSet): Promise<boolean> {
  try {
    const marker = markerSchema.parse(JSON.parse(await readFile(join(set.dir, '.complete'), 'utf8')));
    const libs = new Set(await readdir(join(set.dir, 'libs')));
    return marker.version === set.version && set.required.every((j) => libs.has(j)) && libs.size === marker.jars;
  } catch {
    return false;
  }
}

/** Fetches a jar set unless its cache is complete (the same staging and marker rules as the Kafka jars). */
export async function ensureJarSet(set: JarSet, log: (line: string) => void): Promise<JarsResult> {
  const started = Date.now();
  const libs = join(set.dir, 'libs');
  if (await jarSetComplete(set)) return { fetched: false, jars: (await readdir(libs)).length, ms: Date.now() - started };
  const { mvn } = await requireTools(['mvn']);
  log(`fetching ${set.name} ${set.version} jars from Maven Central into ${set.dir} …`);
  await mkdir(set.dir, { recursive: true });
  const staging = join(set.dir, `libs.partial-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await runCommand(mvn, ['-q', '-B', '-f', set.pom, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`], {
    cwd: set.dir,
    timeoutMs: 15 * 60_000,
  });
  const names = await readdir(staging);
  const missing = set.required.filter((j) => !names.includes(j));
  if (missing.length > 0) throw new Error(`Maven resolved no ${missing.join(', ')}; see ${set.pom}`);
  await rm(libs, { recursive: true, force: true });
  await rename(staging, libs);
  const marker: Marker = { version: set.version, jars: names.length, fetchedAt: new Date().toISOString() };
  await writeFile(join(set.dir, '.complete'), `${JSON.stringify(marker, null, 2)}\n`);
  return { fetched: true, jars: names.length, ms: Date.now() - started };
}
