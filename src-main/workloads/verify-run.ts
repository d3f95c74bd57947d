import type { Kafka } from 'kafkajs';
import { AckedSet, ValueChecksum } from './acked-set';
import { RUN_HEADER, SEQ_HEADER } from './producer-run';
import { sleep } from './run-clock';
import type { VerifyResult } from './schemas';

/**
 * Reads a topic from the beginning to its current end and checks that every
 * record a producer run had acknowledged is there, with the same values
 * (count and checksum), as Kafka's replication system test does after a fault.
 */
export async function verifyRun(
  kafka: Kafka,
  runId: string,
  topic: string,
  ackedBytes: Uint8Array,
  ackedChecksum: string,
  stopRequested: () => boolean,
): Promise<VerifyResult> {
  const acked = AckedSet.fromBytes(ackedBytes);
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    for (const p of await admin.fetchTopicOffsets(topic)) ends.set(p.partition, BigInt(p.high));
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const pending = new Set([...ends].filter(([, high]) => high > 0n).map(([p]) => p));
  const seen = new AckedSet();
  const found = new ValueChecksum();
  let duplicates = 0;
  const groupId = `kcc-verify-${runId}-${Date.now()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const end = ends.get(batch.partition) ?? 0n;
        for (const m of batch.messages) {
          if (BigInt(m.offset) >= end) break;
          if (m.headers?.[RUN_HEADER]?.toString() !== runId) continue;
          const seq = Number(m.headers[SEQ_HEADER]?.toString());
          if (!Number.isInteger(seq) || !acked.has(seq) || !m.value) continue;
          if (seen.has(seq)) {
            duplicates++;
            continue;
          }
          seen.add(seq, m.value);
          found.add(m.value);
        }
        if (BigInt(batch.highWatermark) > 0n && BigInt(batch.lastOffset()) + 1n >= end) pending.delete(batch.partition);
      },
    });
    while (pending.size > 0 && !stopRequested()) await sleep(100);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    const cleanup = kafka.admin();
    await cleanup
      .connect()
      .then(() => cleanup.deleteGroups([groupId]))
      .catch(() => undefined)
      .finally(() => cleanup.disconnect().catch(() => undefined));
  }
  const missingSample: number[] = [];
  for (let s = 0; s < acked.span && missingSample.length < 20; s++) if (acked.has(s) && !seen.has(s)) missingSample.push(s);
  const missing = acked.count - seen.count;
  return {
    runId,
    topic,
    acked: acked.count,
    found: seen.count,
    missing,
    duplicates,
    ackedChecksum,
    foundChecksum: found.hex,
    missingSample,
    ok: missing === 0 && found.hex === ackedChecksum,
  };
}
