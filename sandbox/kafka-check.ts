import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Admin } from 'kafkajs';

/**
 * Proves the cluster serves clients end to end: every broker is in the
 * metadata, the check topic exists with the expected shape and a full ISR, and
 * a message written with acks=all can be read back.
 */

export interface CheckClusterInput {
  bootstrap: string[];
  expectedBrokers: number;
  topic: string;
  partitions: number;
  replicationFactor: number;
  timeoutMs: number;
}

export interface CheckClusterResult {
  created: boolean;
  partitions: number;
  replicationFactor: number;
  roundTripMs: number;
}

export async function checkCluster(input: CheckClusterInput): Promise<CheckClusterResult> {
  const { topic } = input;
  // kafkajs logs to the console by default; keep its last warnings for the
  // error message instead.
  const recent: string[] = [];
  const kafka = new Kafka({
    clientId: 'kcc-sandbox-check',
    brokers: input.bootstrap,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, log }) => {
        recent.push(`${namespace}: ${log.message}${typeof log.error === 'string' ? ` (${log.error})` : ''}`);
        if (recent.length > 5) recent.shift();
      },
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2000 },
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  // A short fetch wait: an empty fetch would otherwise park for 5 s.
  const consumer = kafka.consumer({ groupId: 'kcc-sandbox-check', allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
  const deadline = Date.now() + input.timeoutMs;
  try {
    await admin.connect();

    // A broker registers in ZooKeeper before the controller has told the
    // others about it; until then topic creation sees too few brokers.
    await until(deadline, 'all brokers in the cluster metadata', async () => {
      const { brokers } = await admin.describeCluster();
      return brokers.length >= input.expectedBrokers ? true : `${brokers.length} of ${input.expectedBrokers} brokers`;
    });

    const created = await until(deadline, `topic ${topic} created`, () => ensureTopic(admin, input, deadline));

    // A broker just (re)started is registered before it has caught up, and
    // callers read "up" as "fully replicated".
    const shape = await until(deadline, `topic ${topic} fully replicated`, async () => {
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      const parts = meta.topics[0]?.partitions ?? [];
      const rf = Math.min(...parts.map((p) => p.replicas.length));
      if (parts.length !== input.partitions || rf !== input.replicationFactor) {
        throw new Error(
          `topic ${topic} has ${parts.length} partitions with replication factor ${rf}; expected ${input.partitions} and ${input.replicationFactor}`,
        );
      }
      const lagging = parts.filter((p) => p.isr.length < p.replicas.length);
      if (lagging.length > 0) return `under-replicated: ${lagging.map((p) => `${p.partitionId} (isr ${p.isr.join(',')})`).join('; ')}`;
      return { partitions: parts.length, rf };
    });

    const started = Date.now();
    const token = `sandbox-check ${randomUUID()}`;
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ partition: 0, key: 'check', value: token }] });

    await consumer.connect();
    // From the beginning, and never committing: kafkajs restarts its consumer
    // group (dropping any seek) while a coordinator is still loading after a
    // cluster restart, and the check topic holds one small message per up.
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let markSeen: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => {
      markSeen = resolve;
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (partition === 0 && message.value?.toString() === token) markSeen();
      },
    });
    await withTimeout(seen, Math.max(1000, deadline - Date.now()), `the message written to ${topic} partition 0 was not read back`);
    return { created, partitions: shape.partitions, replicationFactor: shape.rf, roundTripMs: Date.now() - started };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(recent.length > 0 ? `${message}\nlast kafkajs warnings:\n  ${recent.join('\n  ')}` : message, { cause: err });
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
  }
}

/** Creates the topic unless listed; true when this call created it. */
async function ensureTopic(admin: Admin, input: CheckClusterInput, deadline: number): Promise<boolean> {
  if ((await admin.listTopics()).includes(input.topic)) return false;
  try {
    return await admin.createTopics({
      topics: [{ topic: input.topic, numPartitions: input.partitions, replicationFactor: input.replicationFactor }],
      waitForLeaders: true,
      timeout: Math.max(1000, Math.min(30_000, deadline - Date.now())),
    });
  } catch (err) {
    throw new Error(`create ${input.topic}: ${describeKafkaError(err)}`);
  }
}

/** kafkajs aggregates per-topic errors; their types say what went wrong. */
function describeKafkaError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if ('errors' in err && Array.isArray(err.errors)) {
    const inner = err.errors
      .map((e: unknown) =>
        e instanceof Error ? `${'type' in e && typeof e.type === 'string' ? `${e.type}: ` : ''}${e.message}` : String(e),
      )
      .join('; ');
    return `${err.message} (${inner})`;
  }
  return err.message;
}

/**
 * Repeats step until it returns a value that is not a string (a string says
 * why not yet) or throws past the deadline.
 */
async function until<T>(deadline: number, what: string, step: () => Promise<T | string>): Promise<T> {
  let last = '';
  for (;;) {
    try {
      const value = await step();
      if (typeof value !== 'string') return value;
      last = value;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= deadline) throw new Error(`${what}: timed out${last ? ` (last: ${last})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
