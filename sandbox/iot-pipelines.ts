import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { ProfileInput } from '../src-main/profile/schemas';
import type { SandboxPaths } from './paths';
import { bootstrapServers, connectWorkers, serviceAddress, type SandboxTopology } from './topology';

/**
 * The seed's two pipelines, for real, on the sandbox's Kafka Connect worker:
 *  1. iot-ingest: IoT sensor readings (JSON lines) appended to a file in a
 *     directory on the Connect host → topic `iot-sensors` (FileStreamSource);
 *  2. iot-datalake: `iot-sensors` → a landing directory of the "data lake" on
 *     the same host (FileStreamSink).
 * Independent on purpose: stopping one must not stop the other.
 */

export const IOT_TOPIC = 'iot-sensors';
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

/** The profile's `pipelines` entries for the sandbox. */
export function iotProfilePipelines(paths: SandboxPaths, topology: SandboxTopology): NonNullable<ProfileInput['pipelines']> {
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

  const kafka = new Kafka({ clientId: 'kcc-sandbox', brokers: bootstrapServers(topology), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(IOT_TOPIC)) {
      const rf = Math.min(3, bootstrapServers(topology).length);
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: IOT_TOPIC, numPartitions: 3, replicationFactor: rf }] });
      log(`created topic ${IOT_TOPIC}`);
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
  const batch = randomUUID().slice(0, 8);
  const readings: SensorReading[] = Array.from({ length: count }, (_, i) => ({
    id: `${batch}-${i}`,
    sensorId: `sensor-${String(i % sensors).padStart(3, '0')}`,
    temperature: Math.round((19 + 4 * Math.sin(i / 17) + Math.random()) * 100) / 100,
    humidity: Math.round((50 + 8 * Math.cos(i / 23)) * 10) / 10,
    timestamp: new Date().toISOString(),
  }));
  await appendFile(iot.sourceFile, readings.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return readings.map((r) => r.id);
}
