import { ProduceAcks, Producer, stringSerializer, type MessageToProduce } from '@platformatic/kafka';
import type { KafkaConnection } from '../kafka-client';
import type { LoadBatch, LoadProducer, LoadProducerSettings } from './load-client';
import { refuseMissingBrokers } from './platformatic-calls';
import { codecOf, crc32c, RawProduce } from './raw-produce';
import { RecordBatchWriter } from './record-batch';
import { tunnelContext } from './tunnel-hook';

type Message = MessageToProduce<Buffer, Buffer, string, string>;
/**
 * How long a batch is retried, as the Java client's delivery.timeout.ms: a leader killed without a clean shutdown
 * keeps its partitions until ZooKeeper expires its session (up to 18 s by default) and the controller elects anew.
 */
const DELIVERY_TIMEOUT_MS = 60_000;
const RETRY_BACKOFF_MS = 250;

/** A batch written as Kafka stores it, record by record, for the raw path. */
class RawBatch implements LoadBatch {
  readonly writer: RecordBatchWriter;
  private readonly values: Buffer[] = [];
  constructor(
    readonly partition: number,
    capacity: number,
  ) {
    this.writer = new RecordBatchWriter(capacity);
  }
  get count(): number {
    return this.writer.count;
  }
  add(key: Buffer | null, value: Buffer, headers?: Record<string, string>): void {
    this.writer.add(key, value, headers);
    // Stamped records are verified afterwards by their values' checksum: only they keep theirs.
    if (headers) this.values.push(value);
  }
  value(index: number): Buffer {
    return this.values[index] ?? Buffer.alloc(0);
  }
}

/** The records of a batch as the library takes them, so each record is one object from generator to wire. */
class PlatformaticBatch implements LoadBatch {
  readonly messages: Message[] = [];
  constructor(
    private readonly topic: string,
    readonly partition: number,
  ) {}
  get count(): number {
    return this.messages.length;
  }
  add(key: Buffer | null, value: Buffer, headers?: Record<string, string>): void {
    const m: Message = { topic: this.topic, partition: this.partition, value };
    if (key) m.key = key;
    if (headers) m.headers = headers;
    this.messages.push(m);
  }
  value(index: number): Buffer {
    return this.messages[index]?.value ?? Buffer.alloc(0);
  }
}

/** Splits `host:port` as the app writes broker addresses. */
export function bootstrapOf(conn: KafkaConnection): string[] {
  return [...conn.brokers];
}

/**
 * A load producer on @platformatic/kafka. The library sends each send() at
 * once (it does not batch), so the caller hands it whole batches: one
 * partition per send, so a failed batch is exactly the records not
 * acknowledged, and a retry after a leader change goes to the new leader.
 */
export async function openPlatformaticProducer(
  conn: KafkaConnection,
  topic: string,
  settings: LoadProducerSettings,
): Promise<LoadProducer> {
  const producer = new Producer<Buffer, Buffer, string, string>({
    clientId: settings.clientId,
    bootstrapBrokers: bootstrapOf(conn),
    acks: settings.acks === -1 ? ProduceAcks.ALL : settings.acks === 1 ? ProduceAcks.LEADER : ProduceAcks.NO_RESPONSE,
    compression: settings.compression,
    // Keys and values go as the bytes they are; header names and values are text.
    serializers: { headerKey: stringSerializer, headerValue: stringSerializer },
    idempotent: settings.idempotent,
    autocreateTopics: false,
    repeatOnStaleMetadata: true,
    maxInflights: settings.maxInFlightPerConnection,
    connectTimeout: 5_000,
    timeout: 30_000,
    // The library's own send (idempotent runs) retries as long as the raw path does.
    retries: DELIVERY_TIMEOUT_MS / 500,
    retryDelay: 500,
    ...(conn.localPort ? { context: tunnelContext(conn.localPort) } : {}),
  });
  refuseMissingBrokers(producer);
  const codec = codecOf(settings.compression);
  const raw = new RawProduce(producer, topic, settings.acks, 30_000);
  try {
    const meta = await producer.metadata({ topics: [topic] });
    const t = meta.topics.get(topic);
    if (!t) throw new Error(`topic ${topic} does not exist`);
    const leaders = new Set(t.partitions.map((p) => p.leader)).size;
    return {
      partitions: Math.max(1, t.partitionsCount),
      leaders: Math.max(1, leaders),
      // Idempotent runs go through the library's send, which numbers each partition's batches; the others are
      // written by the app as Kafka stores them, which takes a fraction of the library's time per record.
      batch: (partition: number) =>
        settings.idempotent ? new PlatformaticBatch(topic, partition) : new RawBatch(partition, settings.batchBytes),
      async send(batch: LoadBatch): Promise<void> {
        if (batch instanceof PlatformaticBatch) {
          await producer.send({ messages: batch.messages });
          return;
        }
        if (!(batch instanceof RawBatch)) throw new Error('a batch made by another load client');
        const bytes = batch.writer.finish(Date.now(), codec.bits, codec.compress, crc32c);
        const first = Date.now();
        for (let attempt = 0; ; attempt++) {
          try {
            // After a failure the leader may have moved: the next attempt asks the brokers again.
            await raw.send(batch.partition, bytes, attempt > 0);
            return;
          } catch (err) {
            if (Date.now() - first >= DELIVERY_TIMEOUT_MS) throw err;
            await new Promise((r) => setTimeout(r, RETRY_BACKOFF_MS));
          }
        }
      },
      async close(): Promise<void> {
        await producer.close();
      },
    };
  } catch (err) {
    await producer.close().catch(() => undefined);
    throw err;
  }
}
