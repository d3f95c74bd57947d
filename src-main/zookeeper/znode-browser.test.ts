import { describe, expect, it } from 'vitest';
import { znodePathSchema } from './schemas';

describe('znode paths', () => {
  it('accepts absolute paths', () => {
    for (const p of ['/', '/brokers', '/brokers/topics/iot-sensors/partitions/0/state'])
      expect(znodePathSchema.safeParse(p).success, p).toBe(true);
  });
  it('refuses relative, empty-segment, dot and NUL paths', () => {
    for (const p of ['', 'brokers', '/brokers/', '//x', '/a/../b', '/./a', '/a\0b'])
      expect(znodePathSchema.safeParse(p).success, JSON.stringify(p)).toBe(false);
  });
});
