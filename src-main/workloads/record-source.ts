import { randomBytes } from 'node:crypto';
import type { ProducerSpec } from './schemas';

export interface GeneratedRecord {
  key: Buffer | null;
  value: Buffer;
}

/**
 * Makes the records of a producer run. Random values come from one random
 * pool sliced at a moving offset, as Kafka's ProducerPerformance reuses one
 * payload: generating fresh random bytes per record would measure the
 * generator, not Kafka. With `stamp`, the sequence number leads the value so
 * every record is distinct and can be verified after the run.
 */
export class RecordSource {
  private readonly pool: Buffer;
  private readonly text: Buffer | undefined;

  constructor(private readonly spec: Pick<ProducerSpec, 'value' | 'key' | 'stamp'>) {
    this.pool = spec.value.kind === 'random' ? randomPrintable(spec.value.size * 2 + 64) : Buffer.alloc(0);
    this.text = spec.value.kind === 'text' ? Buffer.from(spec.value.text) : undefined;
  }

  record(seq: number, now: number): GeneratedRecord {
    return { key: this.key(seq), value: this.value(seq, now) };
  }

  private key(seq: number): Buffer | null {
    const k = this.spec.key;
    if (k.kind === 'none') return null;
    if (k.kind === 'sequential') return Buffer.from(String(seq));
    return Buffer.from(`key-${Math.floor(Math.random() * k.count)}`);
  }

  private value(seq: number, now: number): Buffer {
    const v = this.spec.value;
    if (v.kind === 'iot-json') {
      const sensor = seq % v.sensors;
      const reading = {
        seq,
        sensorId: `sensor-${String(sensor).padStart(4, '0')}`,
        temperature: Math.round((18 + 6 * Math.sin(seq / 50 + sensor) + Math.random()) * 100) / 100,
        humidity: Math.round((45 + 10 * Math.cos(seq / 70 + sensor)) * 10) / 10,
        timestamp: new Date(now).toISOString(),
      };
      return Buffer.from(JSON.stringify(reading));
    }
    if (v.kind === 'text') {
      const text = this.text ?? Buffer.alloc(0);
      return this.spec.stamp ? Buffer.concat([Buffer.from(`${seq} `), text]) : text;
    }
    const offset = seq % 64;
    // Unstamped values are views of the pool (nothing writes to a value once made); a stamped one is a copy it leads.
    if (!this.spec.stamp) return this.pool.subarray(offset, offset + v.size);
    const value = Buffer.from(this.pool.subarray(offset, offset + v.size));
    const head = Buffer.from(`${seq}:`);
    head.copy(value, 0, 0, Math.min(head.length, value.length));
    return value;
  }
}

/** Printable random bytes, so a browsed message of a load run is readable as text. */
function randomPrintable(size: number): Buffer {
  const bytes = randomBytes(size);
  for (let i = 0; i < size; i++) bytes[i] = 65 + ((bytes[i] ?? 0) % 26);
  return bytes;
}
