import { describe, expect, it } from 'vitest';
import { evalJsonPath, matchesJsonPath, parseJsonPath } from './json-path';

describe('JSON path filter', () => {
  it('parses dotted, indexed and quoted paths', () => {
    expect(parseJsonPath('$.a.b')).toEqual(['a', 'b']);
    expect(parseJsonPath('$.items[2].id')).toEqual(['items', 2, 'id']);
    expect(parseJsonPath("$['with space'].x")).toEqual(['with space', 'x']);
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('a.b')).toBeUndefined();
    expect(parseJsonPath('$.a..b')).toBeUndefined();
  });

  it('evaluates against message values and compares as text', () => {
    const v = '{"sensor":"s-1","reading":{"temperature":21.5,"ok":true},"tags":["a","b"]}';
    expect(evalJsonPath(v, ['reading', 'temperature'])).toBe(21.5);
    expect(matchesJsonPath(v, ['sensor'], 's-1')).toBe(true);
    expect(matchesJsonPath(v, ['reading', 'temperature'], '21.5')).toBe(true);
    expect(matchesJsonPath(v, ['reading', 'ok'], 'false')).toBe(false);
    expect(matchesJsonPath(v, ['tags', 1], 'b')).toBe(true);
    expect(matchesJsonPath(v, ['missing'])).toBe(false);
    expect(matchesJsonPath('not json', ['a'])).toBe(false);
    expect(matchesJsonPath(null, ['a'])).toBe(false);
  });
});
