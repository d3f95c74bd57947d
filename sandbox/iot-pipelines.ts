import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, open, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { ProfileInput } from '../src-main/profile/schemas';
import type { SandboxPaths } from './paths';
import { bootstrapServers, connectWorkers, flumeAgents, hdfsOf, serviceAddress, type SandboxTopology } from './topology';

/**
 * The seed's two pipelines, for real, on the sandbox's Kafka Connect worker:
 *  1. iot-ingest: IoT sensor readings (JSON lines) appended to a file in a
 *     directory on the Connect host → topic `iot-sensors` (FileStreamSource);
 *  2. iot-datalake: `iot-sensors` → a landing directory of the "data lake" on
 *     the same host (FileStreamSink).
 * Independent on purpose: stopping one must not stop the other.
 */

/** The Connect pair's topic; the Flume pair has its own, so each pipeline 2 lands exactly its pipeline 1's records. */
export const IOT_TOPIC = 'iot-readings';
/** The seed's topic, carried by the Flume pair: spool directory -> iot-sensors -> HDFS. */
export const IOT_FLUME_TOPIC = 'iot-sensors';
export const FLUME_HDFS_GROUP = 'flume-hdfs';
export const DATALAKE_HDFS_PATH = '/datalake/iot';
export const INGEST_CONNECTOR = 'iot-sensors-source';
export const DATALAKE_CONNECTOR = 'iot-datalake-sink';

export interface IotPaths {
  hostId: string;
  incomingDir: string;
  sourceFile: string;
  landingDir: string;
  landingFile: string;
}

export function iotPaths(paths: SandboxPaths, topology: SandboxTopology): IotPaths | undefined {
  const worker = connectWorkers(topology)[0];
  if (!worker) return undefined;
  const dir = paths.host(worker.host).dir;
  const incomingDir = join(dir, 'iot', 'incoming');
  const landingDir = join(dir, 'datalake', 'landing');
  return {
    hostId: worker.host,
    incomingDir,
    sourceFile: join(incomingDir, 'sensor-readings.jsonl'),
    landingDir,
    landingFile: join(landingDir, `${IOT_TOPIC}.jsonl`),
  };
}

/** Where the Flume pair's files live on the data-lake host: the spool directory agent 1 reads, and a staging directory the generator writes in first (a spooled file must never change). */
export interface FlumeIotPaths {
  hostId: string;
  spoolDir: string;
  stagingDir: string;
}

export function flumeIotPaths(paths: SandboxPaths, topology: SandboxTopology): FlumeIotPaths | undefined {
  const agent = flumeAgents(topology)[0];
  if (!agent) return undefined;
  const dir = paths.host(agent.host).dir;
  return { hostId: agent.host, spoolDir: join(dir, 'iot', 'spool'), stagingDir: join(dir, 'iot', 'staging') };
}

export function iotConnectorConfigs(iot: IotPaths): Record<string, Record<string, string>> {
  return {
    [INGEST_CONNECTOR]: {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector',
      'tasks.max': '1',
      file: iot.sourceFile,
      topic: IOT_TOPIC,
    },
    [DATALAKE_CONNECTOR]: {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
      'tasks.max': '1',
      file: iot.landingFile,
      topics: IOT_TOPIC,
    },
  };
}

/** The profile's `pipelines` entries for the sandbox: the seed's pair on Flume, and the same pair on Kafka Connect. */
export function iotProfilePipelines(paths: SandboxPaths, topology: SandboxTopology): NonNullable<ProfileInput['pipelines']> {
  return [...flumeProfilePipelines(paths, topology), ...connectProfilePipelines(paths, topology)];
}

function flumeProfilePipelines(paths: SandboxPaths, topology: SandboxTopology): NonNullable<ProfileInput['pipelines']> {
  const [ingest, lake] = flumeAgents(topology);
  const hdfs = hdfsOf(topology);
  const spool = flumeIotPaths(paths, topology);
  if (!ingest || !lake || !hdfs || !spool) return [];
  return [
    {
      id: 'flume-iot-ingest',
      engine: 'flume',
      service: ingest.id,
      name: ingest.agentName,
      source: `IoT sensor files spooled into ${spool.spoolDir} on ${spool.hostId}`,
      sink: `topic ${IOT_FLUME_TOPIC}`,
      topic: IOT_FLUME_TOPIC,
    },
    {
      id: 'flume-iot-hdfs',
      engine: 'flume',
      service: lake.id,
      name: lake.agentName,
      source: `topic ${IOT_FLUME_TOPIC}`,
      sink: `HDFS data lake hdfs://localhost:${hdfs.port}${DATALAKE_HDFS_PATH}`,
      topic: IOT_FLUME_TOPIC,
      landing: { hdfs: hdfs.id, path: DATALAKE_HDFS_PATH },
    },
  ];
}

function connectProfilePipelines(paths: SandboxPaths, topology: SandboxTopology): NonNullable<ProfileInput['pipelines']> {
  const iot = iotPaths(paths, topology);
  const worker = connectWorkers(topology)[0];
  if (!iot || !worker) return [];
  const configs = iotConnectorConfigs(iot);
  return [
    {
      id: 'iot-ingest',
      engine: 'kafka-connect',
      service: worker.id,
      name: INGEST_CONNECTOR,
      source: `IoT sensor files in ${iot.incomingDir} on ${iot.hostId}`,
      sink: `topic ${IOT_TOPIC}`,
      topic: IOT_TOPIC,
      config: configs[INGEST_CONNECTOR],
    },
    {
      id: 'iot-datalake',
      engine: 'kafka-connect',
      service: worker.id,
      name: DATALAKE_CONNECTOR,
      source: `topic ${IOT_TOPIC}`,
      sink: `data lake landing directory ${iot.landingDir} on ${iot.hostId}`,
      topic: IOT_TOPIC,
      config: configs[DATALAKE_CONNECTOR],
      landing: { host: iot.hostId, path: iot.landingDir },
    },
  ];
}

/**
 * Makes both pipelines exist: directories, the topic (RF 3) and the two
 * connectors. Connectors that already exist are left as they are (a user's
 * stopped pipeline stays stopped across `up`).
 */
export async function ensureIotPipelines(paths: SandboxPaths, topology: SandboxTopology, log: (line: string) => void): Promise<void> {
  const iot = iotPaths(paths, topology);
  const worker = connectWorkers(topology)[0];
  if (!iot || !worker) return;
  await mkdir(iot.incomingDir, { recursive: true });
  await mkdir(iot.landingDir, { recursive: true });
  await (await open(iot.sourceFile, 'a')).close();
  const flume = flumeIotPaths(paths, topology);
  if (flume) {
    await mkdir(flume.spoolDir, { recursive: true });
    await mkdir(flume.stagingDir, { recursive: true });
  }

  const kafka = new Kafka({ clientId: 'kcc-sandbox', brokers: bootstrapServers(topology), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    const rf = Math.min(3, bootstrapServers(topology).length);
    const wanted = [IOT_TOPIC, ...(flumeAgents(topology).length > 0 ? [IOT_FLUME_TOPIC] : [])].filter((t) => !existing.includes(t));
    if (wanted.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: wanted.map((topic) => ({ topic, numPartitions: 3, replicationFactor: rf })),
      });
      log(`created topic ${wanted.join(', ')}`);
    }
  } finally {
    await admin.disconnect();
  }

  const rest = `http://${serviceAddress(topology, worker)}`;
  for (const [name, config] of Object.entries(iotConnectorConfigs(iot))) {
    const existing = await fetch(`${rest}/connectors/${name}`);
    if (existing.status === 200) continue;
    const r = await fetch(`${rest}/connectors/${name}/config`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(config),
    });
    if (!r.ok) throw new Error(`creating connector ${name}: HTTP ${r.status} ${await r.text()}`);
    log(`created connector ${name}`);
  }
}

export interface SensorReading {
  id: string;
  sensorId: string;
  temperature: number;
  humidity: number;
  timestamp: string;
}

/**
 * The sandbox's IoT generator: appends `count` readings as JSON lines to the
 * file pipeline 1 reads. Returns their ids (unique per call) so a test can
 * look for each of them in the data lake.
 */
export async function writeSensorReadings(iot: IotPaths, count: number, sensors = 20): Promise<string[]> {
  const readings = sensorReadings(count, sensors);
  await appendFile(iot.sourceFile, readings.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return readings.map((r) => r.id);
}

/**
 * The same generator for the Flume pair: one file of `count` readings, written
 * in the staging directory and moved into the spool directory whole, as the
 * spooling directory source requires. Returns the readings' ids.
 */
export async function spoolSensorReadings(iot: FlumeIotPaths, count: number, sensors = 20): Promise<string[]> {
  const readings = sensorReadings(count, sensors);
  await mkdir(iot.stagingDir, { recursive: true });
  await mkdir(iot.spoolDir, { recursive: true });
  const name = `readings-${Date.now()}-${readings[0]?.id ?? 'empty'}.jsonl`;
  await writeFile(join(iot.stagingDir, name), readings.map((r) => `${JSON.stringify(r)}\n`).join(''));
  await rename(join(iot.stagingDir, name), join(iot.spoolDir, name));
  return readings.map((r) => r.id);
}

function sensorReadings(count: number, sensors: number): SensorReading[] {
  const batch = randomUUID().slice(0, 8);
  const readings: SensorReading[] = Array.from({ length: count }, (_, i) => ({
    id: `${batch}-${i}`,
    sensorId: `sensor-${String(i % sensors).padStart(3, '0')}`,
    temperature: Math.round((19 + 4 * Math.sin(i / 17) + Math.random()) * 100) / 100,
    humidity: Math.round((50 + 8 * Math.cos(i / 23)) * 10) / 10,
    timestamp: new Date().toISOString(),
  }));
  return readings;
}

/**
 * For `npm run web`: when HDFS holds no reading yet, one batch of readings for each pipeline 1 (Connect's file and
 * Flume's spool directory), so the first look at the app shows data flowing into the data lake.
 */
export async function seedDataLake(
  paths: SandboxPaths,
  topology: SandboxTopology,
  log: (line: string) => void,
  count = 500,
): Promise<void> {
  const hdfs = hdfsOf(topology);
  const spool = flumeIotPaths(paths, topology);
  const iot = iotPaths(paths, topology);
  if (!hdfs || !spool) return;
  const res = await fetch(`http://127.0.0.1:${hdfs.httpPort}/webhdfs/v1${DATALAKE_HDFS_PATH}?op=LISTSTATUS`).catch(() => undefined);
  if (res?.ok) return;
  await spoolSensorReadings(spool, count);
  if (iot) await writeSensorReadings(iot, count);
  log(`no readings in HDFS ${DATALAKE_HDFS_PATH} yet: spooled ${count} for Flume${iot ? ` and appended ${count} for Connect` : ''}`);
}
