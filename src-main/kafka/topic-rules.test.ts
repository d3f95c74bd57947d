import { describe, expect, it } from 'vitest';
import { collidingTopic } from './topic-rules';
import { topicNameSchema } from './schemas';

describe('topic name rules', () => {
  it('accepts legal names', () => {
    for (const n of ['iot-sensors', 'a', 'A.b_c-9', 'x'.repeat(249)]) expect(topicNameSchema.safeParse(n).success, n).toBe(true);
  });

  it('refuses empty, dots, too long, slashes, spaces and shell metacharacters with the rule', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /empty/],
      ['.', /"\." or "\.\."/],
      ['..', /"\." or "\.\."/],
      ['x'.repeat(250), /249/],
      ['a/b', /only contain/],
      ['has space', /only contain/],
      ['t; rm -rf /', /only contain/],
      ['$(id)', /only contain/],
    ];
    for (const [name, message] of cases) {
      const r = topicNameSchema.safeParse(name);
      expect(r.success, name).toBe(false);
      if (!r.success) expect(r.error.issues[0]?.message, name).toMatch(message);
    }
  });

  it('finds names that collide on "." versus "_"', () => {
    expect(collidingTopic('iot.sensors', ['iot_sensors', 'other'])).toBe('iot_sensors');
    expect(collidingTopic('iot.sensors', ['iot.sensors'])).toBeUndefined();
  });
});
