import { describe, expect, it } from 'vitest';
import { jsonLines } from './json-lines';

describe('jsonLines', () => {
  it('puts each record of a browse on a line of its own, newlines inside values escaped', () => {
    const browse = {
      messages: [
        { partition: 0, offset: '1', value: { text: 'a\nb' } },
        { partition: 1, offset: '7', value: { text: '{"t":1}' } },
      ],
      scanned: 2,
      stoppedBy: 'end',
      next: 'not a list',
    };
    const lines = jsonLines(browse);
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(browse.messages);
  });

  it('lists an array result element by element, and anything else as one line', () => {
    expect(jsonLines([{ a: 1 }, 2])).toEqual(['{"a":1}', '2']);
    expect(jsonLines({ messages: [], next: [] })).toEqual(['{"messages":[],"next":[]}']);
    expect(jsonLines({ version: '1' })).toEqual(['{"version":"1"}']);
    expect(jsonLines({ messages: [] })).toEqual([]);
  });
});
