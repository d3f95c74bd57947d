import { createRequire } from 'node:module';
import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isText } from '../common/text-bytes';
import { containsMatcher, recordBytes, recordContains } from './messages';
import { headerList, headersOf, type RecordParts } from './record-view';

describe('recordBytes', () => {
  it('counts header keys and values, repeated headers included, beside key and value', () => {
    expect(recordBytes({ key: Buffer.from('k'), value: Buffer.from('vv'), headers: [] })).toBe(3);
    const headers = headersOf({
      headers: { trace: Buffer.alloc(1000), multi: [Buffer.from('ab'), Buffer.from('cd')], é: 'ü', gone: undefined },
    });
    expect(headers.map((h) => h.key)).toEqual(['trace', 'multi', 'multi', 'é', 'gone']);
    expect(recordBytes({ key: null, value: Buffer.from('x'), headers })).toBe(1 + 5 + 1000 + 2 * (5 + 2) + 2 + 2 + 4);
  });
});

describe('recordContains', () => {
  const rec = (value: Buffer | null, key: Buffer | null = null, headers: RecordParts['headers'] = []): RecordParts => ({
    key,
    value,
    headers,
  });
  it('matches text values case-insensitively, as sent (JSON unformatted)', () => {
    expect(recordContains(rec(Buffer.from('{"Sensor":"T-17"}')), containsMatcher('"sensor":"t-17"'))).toBe(true);
    expect(recordContains(rec(Buffer.from('{"Sensor":"T-17"}')), containsMatcher('"sensor": "t-17"'))).toBe(false);
  });
  it('takes the needle literally, regular-expression characters included', () => {
    expect(recordContains(rec(Buffer.from('temp (C) = 21.5 [ok]')), containsMatcher('(c) = 21.5 [OK]'))).toBe(true);
    expect(recordContains(rec(Buffer.from('temp C = 2105')), containsMatcher('21.5'))).toBe(false);
    expect(recordContains(rec(Buffer.from('a\\b')), containsMatcher('a\\b'))).toBe(true);
  });
  it('matches binary values by the hex the UI shows, and keys and headers as key=value', () => {
    expect(recordContains(rec(Buffer.from([0x00, 0xff, 0x10])), containsMatcher('00ff10'))).toBe(true);
    expect(recordContains(rec(Buffer.from([0x00, 0xff, 0x10])), containsMatcher('ff11'))).toBe(false);
    expect(recordContains(rec(null, Buffer.from('Device-9')), containsMatcher('device-9'))).toBe(true);
    expect(
      recordContains(
        rec(null, null, [
          { key: 'trace', value: Buffer.from('abc') },
          { key: 'trace', value: Buffer.from('XYZ') },
        ]),
        containsMatcher('trace=xyz'),
      ),
    ).toBe(true);
    expect(recordContains(rec(null, null, [{ key: 'trace', value: Buffer.from('abc') }]), containsMatcher('trace=xyz'))).toBe(false);
  });
});

describe('isText', () => {
  it('takes UTF-8 with tabs and newlines, refuses other control bytes and broken UTF-8', () => {
    expect(isText(Buffer.from('héllo\tworld\r\n'))).toBe(true);
    expect(isText(Buffer.from('a\u0000b'))).toBe(false);
    expect(isText(Buffer.from([0x68, 0xc3]))).toBe(false);
    expect(isText(Buffer.from('🙂'))).toBe(true);
  });
});

describe('headers decoded by kafkajs', () => {
  // kafkajs's own record encoder and decoder, so the test sees the headers object the consumer hands the app.
  const require = createRequire(import.meta.url);
  const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (r: {
    key: Buffer | null;
    value: Buffer;
    headers: Record<string, Buffer[]>;
  }) => { buffer: Buffer };
  const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder') as (
    d: unknown,
    ctx: { firstOffset: string; firstTimestamp: string; magicByte: number },
  ) => KafkaMessage;
  const Decoder = require('kafkajs/src/protocol/decoder') as new (b: Buffer) => { readVarInt(): number };
  const roundTrip = (headers: Array<[string, string]>): RecordParts => {
    const sent: Record<string, Buffer[]> = Object.create(null) as Record<string, Buffer[]>;
    for (const [k, v] of headers) (sent[k] ??= []).push(Buffer.from(v));
    const d = new Decoder(encodeRecord({ key: null, value: Buffer.from('v'), headers: sent }).buffer);
    d.readVarInt(); // the record's length, read by the batch decoder before the record
    const m = decodeRecord(d, { firstOffset: '0', firstTimestamp: '0', magicByte: 2 });
    return { key: m.key, value: m.value, headers: headersOf(m) };
  };
  const named = ['valueOf', 'constructor', '__proto__', 'toString', 'hasOwnProperty'];

  it('lists a header named like an Object.prototype member once, with its value', () => {
    for (const key of named) {
      expect(headerList(roundTrip([[key, 'x; touch pwned']]))).toEqual([{ key, value: 'x; touch pwned' }]);
      expect(headerList(roundTrip([[key, '']]))).toEqual([{ key, value: '' }]);
      expect(
        headerList(
          roundTrip([
            [key, 'a'],
            [key, 'b'],
          ]),
        ),
      ).toEqual([
        { key, value: 'a' },
        { key, value: 'b' },
      ]);
    }
  });

  it('counts and searches such headers by their own value only', () => {
    const m = roundTrip([['valueOf', 'ab']]);
    expect(recordBytes(m)).toBe(1 + 'valueOf'.length + 2);
    expect(recordContains(m, containsMatcher('valueOf=ab'))).toBe(true);
    expect(recordContains(m, containsMatcher('native code'))).toBe(false);
  });
});
