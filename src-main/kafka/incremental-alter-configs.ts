import type { KafkaConnection } from './kafka-client';
import { array, exchange, frame, i8, Reader, str, type BrokerAddress } from './kafka-wire';

/**
 * IncrementalAlterConfigs (API key 44, KIP-339), version 0: sets or deletes single config entries and leaves every
 * other override as it is. kafkajs has only AlterConfigs, which replaces all of a resource's overrides (and cannot
 * carry over sensitive ones, whose values it never sees): wrong for throttles set beside the user's own configs.
 * https://kafka.apache.org/protocol#The_Messages_IncrementalAlterConfigs
 */
const API_KEY = 44;
const API_VERSION = 0;
export const RESOURCE_TOPIC = 2 as const;
export const RESOURCE_BROKER = 4 as const;
const OP_SET = 0;
const OP_DELETE = 1;

export interface ConfigChange {
  resourceType: typeof RESOURCE_TOPIC | typeof RESOURCE_BROKER;
  /** The topic name, or the broker id as text. */
  resourceName: string;
  set?: Record<string, string>;
  delete?: readonly string[];
}

export interface ConfigChangeResult {
  resourceType: number;
  resourceName: string;
  errorCode: number;
  errorMessage: string | null;
}

export function encodeIncrementalAlterConfigs(correlationId: number, changes: readonly ConfigChange[], validateOnly: boolean): Buffer {
  const resources = array(changes, (c) => [
    i8(c.resourceType),
    str(c.resourceName),
    array(
      [
        ...Object.entries(c.set ?? {}).map(([name, value]) => ({ name, op: OP_SET, value: value as string | null })),
        ...(c.delete ?? []).map((name) => ({ name, op: OP_DELETE, value: null as string | null })),
      ],
      (e) => [str(e.name), i8(e.op), e.value === null ? Buffer.from([0xff, 0xff]) : str(e.value)],
    ),
  ]);
  return frame(API_KEY, API_VERSION, correlationId, 'kafka-control-center', Buffer.concat([resources, i8(validateOnly ? 1 : 0)]));
}

export function decodeIncrementalAlterConfigs(buf: Buffer): { correlationId: number; results: ConfigChangeResult[] } {
  const r = new Reader(buf);
  const correlationId = r.i32();
  r.i32(); // throttle_time_ms
  const results: ConfigChangeResult[] = [];
  for (let n = r.i32(); n > 0; n--) {
    const errorCode = r.i16();
    const errorMessage = r.string();
    const resourceType = r.i8();
    const resourceName = r.string() ?? '';
    results.push({ resourceType, resourceName, errorCode, errorMessage });
  }
  return { correlationId, results };
}

/**
 * Sends the changes to `broker`. A broker's own configs must go to that broker (it validates them against its
 * running state); topic configs may go to any.
 */
export async function sendIncrementalAlterConfigs(
  conn: KafkaConnection,
  broker: BrokerAddress,
  changes: readonly ConfigChange[],
  validateOnly = false,
): Promise<ConfigChangeResult[]> {
  const answer = await exchange(conn, broker, encodeIncrementalAlterConfigs(1, changes, validateOnly), 30_000);
  const decoded = decodeIncrementalAlterConfigs(answer);
  if (decoded.correlationId !== 1) throw new Error('the broker answered another request');
  return decoded.results;
}
