import { describe, expect, it } from 'vitest';
import { parseHead, parseWallClock, wallClock } from './log-line';

describe('parseHead', () => {
  it('reads the time and level of a Kafka log4j line', () => {
    expect(parseHead('[2026-12-02 15:44:15,123] INFO [KafkaServer id=0] started (kafka.server.KafkaServer)')).toMatchObject({
      time: wallClock(2026, 12, 2, 15, 44, 15, 123),
      level: 'INFO',
    });
    expect(parseHead('[2026-12-02 15:44:16,001] ERROR Error while fetching (kafka.server.ReplicaFetcherThread)')?.level).toBe('ERROR');
    expect(parseHead('[2026-12-02 15:44:16,001] WARN [Log partition=t-0] x (kafka.log.UnifiedLog)')?.level).toBe('WARN');
    expect(parseHead('[2026-12-02 15:44:16,001] DEBUG x')?.level).toBe('DEBUG');
    expect(parseHead('[2026-12-02 15:44:16,001] TRACE x')?.level).toBe('TRACE');
  });

  it('reads the JVM GC log, Hadoop and Flume timestamps', () => {
    const gc = parseHead('[2026-12-03T06:55:51.943+0000][gc,cpu      ] GC(52) User=0.02s Sys=0.00s Real=0.02s');
    expect(gc?.time).toBe(wallClock(2026, 12, 3, 6, 55, 51, 943));
    expect(gc?.level).toBeUndefined();
    expect(parseHead('2026-12-03 06:55:55,330 INFO requests.namenode: GET /webhdfs/v1/')).toMatchObject({
      time: wallClock(2026, 12, 3, 6, 55, 55, 330),
      level: 'INFO',
    });
    expect(parseHead('03 Dec 2026 06:37:11,003 WARN  [PollableSourceRunner] (org.apache.flume.X:691)  - slow')).toMatchObject({
      time: wallClock(2026, 12, 3, 6, 37, 11, 3),
      level: 'WARN',
    });
  });

  it('takes a level word only near the start: a message that mentions ERROR later is not an error', () => {
    const h = parseHead(`[2026-12-02 15:44:15,123] INFO Handling request with a long preamble of words, then: ERROR code 7`);
    expect(h?.level).toBe('INFO');
  });

  it('gives no head to continuation lines (a stack trace)', () => {
    expect(parseHead('\tat kafka.server.KafkaApis.handle(KafkaApis.scala:123)')).toBeUndefined();
    expect(parseHead('Caused by: java.io.IOException: Connection reset')).toBeUndefined();
    expect(parseHead('java.lang.IllegalStateException: boom')).toBeUndefined();
    expect(parseHead('')).toBeUndefined();
  });
});

describe('parseWallClock', () => {
  it('reads what the time picker gives, on the same clock as the logs', () => {
    expect(parseWallClock('2026-12-02 15:44:15')).toBe(wallClock(2026, 12, 2, 15, 44, 15, 0));
    expect(parseWallClock('2026-12-02 15:44')).toBe(wallClock(2026, 12, 2, 15, 44, 0, 0));
    expect(parseWallClock('yesterday')).toBeUndefined();
  });
});
