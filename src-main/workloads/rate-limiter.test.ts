import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';
import { AckedSet, ValueChecksum } from './acked-set';
import { RecordSource } from './record-source';

describe('RateLimiter', () => {
  it('spaces 10 records/s 100 ms apart from the first at once', () => {
    const r = new RateLimiter(10, 0);
    expect(r.allowance(0, 0, 100)).toBe(1);
    expect(r.allowance(1, 50, 100)).toBe(0);
    expect(r.waitMs(1, 50)).toBe(50);
    expect(r.allowance(1, 100, 100)).toBe(1);
    // The 50th record is due at 4.9 s, so the run ends near 5 s.
    expect(r.waitMs(49, 0)).toBe(4900);
  });

  it('catches up after a stall instead of drifting, bounded by the cap', () => {
    const r = new RateLimiter(1000, 0);
    expect(r.allowance(0, 2000, 500)).toBe(500);
    expect(r.allowance(1500, 2000, 5000)).toBe(501);
  });

  it('lets everything through when unthrottled', () => {
    const r = new RateLimiter(null, 0);
    expect(r.allowance(1e9, 0, 64)).toBe(64);
    expect(r.waitMs(1e9, 0)).toBe(0);
  });
});

describe('AckedSet', () => {
  it('counts each sequence once and checksums like ValueChecksum, in any order', () => {
    const set = new AckedSet();
    const check = new ValueChecksum();
    const values = Array.from({ length: 20_000 }, (_, i) => Buffer.from(`v${i}`));
    for (let i = values.length - 1; i >= 0; i--) set.add(i, values[i] ?? Buffer.alloc(0));
    set.add(7, values[7] ?? Buffer.alloc(0));
    values.forEach((v) => check.add(v));
    expect(set.count).toBe(20_000);
    expect(set.checksumHex).toBe(check.hex);
    expect(set.has(19_999)).toBe(true);
    expect(set.has(20_000)).toBe(false);
    expect(AckedSet.fromBytes(set.toBytes()).count).toBe(20_000);
  });
});

describe('RecordSource', () => {
  it('stamps random values with their sequence and keeps the size', () => {
    const src = new RecordSource({ value: { kind: 'random', size: 100 }, key: { kind: 'none' }, stamp: true });
    const r = src.record(1234, 0);
    expect(r.value.length).toBe(100);
    expect(r.value.subarray(0, 5).toString()).toBe('1234:');
    expect(r.key).toBeNull();
  });

  it('makes IoT readings as JSON with sensor ids over the given count and keys over N values', () => {
    const src = new RecordSource({ value: { kind: 'iot-json', sensors: 3 }, key: { kind: 'random', count: 2 }, stamp: true });
    const ids = new Set<string>();
    const keys = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const r = src.record(i, Date.UTC(2026, 0, 1));
      const reading = JSON.parse(r.value.toString()) as { seq: number; sensorId: string; temperature: number; timestamp: string };
      expect(reading.seq).toBe(i);
      expect(typeof reading.temperature).toBe('number');
      ids.add(reading.sensorId);
      keys.add(String(r.key));
    }
    expect([...ids].sort()).toEqual(['sensor-0000', 'sensor-0001', 'sensor-0002']);
    expect(keys.size).toBe(2);
  });
});
