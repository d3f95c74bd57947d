import type { KafkaConnection } from './kafka-client';
import { array, exchange, frame, i8, nullableStr, Reader, str, type BrokerAddress } from './kafka-wire';

/**
 * IncrementalAlterConfigs (KIP-339), which kafkajs 2.x lacks: each entry is set or deleted on its own, so other
 * overrides stay as they are. kafkajs's AlterConfigs replaces a resource's whole override set instead, which loses
 * sensitive overrides (the broker never returns their values, so they cannot be carried over) and races with anyone
 * else changing the same resource. v0 is the newest non-flexible version. https://kafka.apache.org/protocol
 */
const INCREMENTAL_ALTER_CONFIGS = 44;

/** Kafka's resource type codes (org.apache.kafka.common.config.ConfigResource.Type). */
export const RESOURCE_TOPIC = 2;
export const RESOURCE_BROKER = 4;

export interface ConfigOp {
  name: string;
  /** null deletes the override (the value falls back to the next source in the chain). */
  value: string | null;
}

export interface ConfigResource {
  type: typeof RESOURCE_TOPIC | typeof RESOURCE_BROKER;
  /** Topic name; broker id as text, or "" for the cluster-wide broker default. */
  name: string;
  ops: ReadonlyArray<ConfigOp>;
}

const SET = 0;
const DELETE = 1;

export function encodeIncrementalAlterConfigs(
  correlationId: number,
  resources: ReadonlyArray<ConfigResource>,
  validateOnly: boolean,
): Buffer {
  const body = Buffer.concat([
    array(resources, (r) => [
      i8(r.type),
      str(r.name),
      array(r.ops, (o) => [str(o.name), i8(o.value === null ? DELETE : SET), nullableStr(o.value)]),
    ]),
    i8(validateOnly ? 1 : 0),
  ]);
  return frame(INCREMENTAL_ALTER_CONFIGS, 0, correlationId, 'kafka-control-center', body);
}

export interface ResourceResult {
  type: number;
  name: string;
  errorCode: number;
  /** The broker's own words on what it refused (e.g. "Invalid value abc for configuration retention.ms: …"). */
  errorMessage: string | null;
}

export function decodeIncrementalAlterConfigs(buf: Buffer): ResourceResult[] {
  const r = new Reader(buf);
  r.i32(); // correlation id
  r.i32(); // throttle time
  const out: ResourceResult[] = [];
  for (let n = r.i32(); n > 0; n--) {
    const errorCode = r.i16();
    const errorMessage = r.string();
    const type = r.i8();
    const name = r.string() ?? '';
    out.push({ type, name, errorCode, errorMessage });
  }
  return out;
}

/** Sends the changes to `broker` (a broker resource must go to that broker itself); returns each resource's result. */
export async function incrementalAlterConfigs(
  conn: KafkaConnection,
  broker: BrokerAddress,
  resources: ReadonlyArray<ConfigResource>,
  validateOnly: boolean,
): Promise<ResourceResult[]> {
  return decodeIncrementalAlterConfigs(await exchange(conn, broker, encodeIncrementalAlterConfigs(1, resources, validateOnly), 30_000));
}
