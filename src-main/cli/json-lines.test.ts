import { describe, expect, it } from 'vitest';
import { contract } from '../api/contract';
import { jsonLines } from './json-lines';

describe('jsonLines', () => {
  it('puts each message of a browse on a line of its own, newlines inside values escaped', () => {
    const browse = {
      messages: [
        { partition: 0, offset: '1', value: { text: 'a\nb' } },
        { partition: 1, offset: '7', value: { text: '{"t":1}' } },
      ],
      scanned: 2,
      stoppedBy: 'end',
      next: [{ partition: 0, offset: 2 }],
    };
    const lines = jsonLines(browse, contract['messages.browse'].records);
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(browse.messages);
    expect(jsonLines({ ...browse, messages: [] }, 'messages')).toEqual([]);
  });

  it('lists an array result element by element, and anything else as one line', () => {
    expect(jsonLines([{ a: 1 }, 2])).toEqual(['{"a":1}', '2']);
    expect(jsonLines({ messages: [], next: [] })).toEqual(['{"messages":[],"next":[]}']);
    expect(jsonLines({ version: '1' }, 'messages')).toEqual(['{"version":"1"}']);
  });
});
