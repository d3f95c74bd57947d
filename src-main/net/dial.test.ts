import { describe, expect, it } from 'vitest';
import { modeOfSrvr } from './dial';

describe('modeOfSrvr', () => {
  it('reads the mode a serving ZooKeeper reports, and nothing from a refusal or a server that does not serve', () => {
    const srvr =
      'Zookeeper version: 3.8.4-9316c2a7a97e1666d8f4593f34dd6fc36ecc436c, built on 2024-02-12 22:16 UTC\nLatency min/avg/max: 0/0.0/0\nReceived: 3\nSent: 2\nConnections: 1\nOutstanding: 0\nZxid: 0x100000004\nMode: follower\nNode count: 145\n';
    expect(modeOfSrvr(srvr)).toBe('follower');
    expect(modeOfSrvr(srvr.replace('follower', 'standalone'))).toBe('standalone');
    expect(modeOfSrvr('This ZooKeeper instance is not currently serving requests\n')).toBeUndefined();
    expect(modeOfSrvr('ruok is not executed because it is not in the whitelist.\n')).toBeUndefined();
    expect(modeOfSrvr('')).toBeUndefined();
  });
});
