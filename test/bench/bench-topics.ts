import { Kafka, logLevel } from 'kafkajs';

/** Name of the i-th metadata benchmark topic; every tenth has 2 partitions, so 10,000 topics hold 11,000 partitions. */
export function metaTopic(i: number): { topic: string; numPartitions: number } {
  return { topic: `bench-meta-${String(i).padStart(5, '0')}`, numPartitions: i % 10 === 0 ? 2 : 1 };
}

/**
 * Makes the first `count` metadata topics exist (replication factor 1, so that 11,000 partitions stay light on a
 * 2-core box), in requests of 500 topics: the controller takes them in bulk far faster than one by one.
 */
export async function ensureMetaTopics(bootstrap: string[], count: number, log: (line: string) => void): Promise<number> {
  const kafka = new Kafka({ brokers: bootstrap, clientId: 'kcc-bench-topics', logLevel: logLevel.NOTHING, requestTimeout: 180_000 });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = Array.from({ length: count }, (_, i) => metaTopic(i)).filter((t) => !existing.has(t.topic));
    for (let i = 0; i < missing.length; i += 500) {
      await admin.createTopics({
        topics: missing.slice(i, i + 500).map((t) => ({ ...t, replicationFactor: 1 })),
        waitForLeaders: false,
        timeout: 120_000,
      });
      log(`created ${Math.min(i + 500, missing.length)} of ${missing.length} topics`);
    }
    return missing.length;
  } finally {
    await admin.disconnect();
  }
}

/** Deletes every metadata benchmark topic, in requests of 500. */
export async function deleteMetaTopics(bootstrap: string[]): Promise<number> {
  const kafka = new Kafka({ brokers: bootstrap, clientId: 'kcc-bench-topics', logLevel: logLevel.NOTHING, requestTimeout: 180_000 });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const mine = (await admin.listTopics()).filter((t) => t.startsWith('bench-meta-'));
    for (let i = 0; i < mine.length; i += 500) await admin.deleteTopics({ topics: mine.slice(i, i + 500), timeout: 120_000 });
    return mine.length;
  } finally {
    await admin.disconnect();
  }
}
