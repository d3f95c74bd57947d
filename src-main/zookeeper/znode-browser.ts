import { ZkSession } from './zk-session';
import { isText } from '../common/text-bytes';
import { type Znode } from './schemas';

const LIMIT = 64 * 1024;

function longToString(b: Buffer): string {
  return b.length === 8 ? b.readBigInt64BE(0).toString() : '0';
}

/** Read-only view of one znode: data (text or hex), stat and child names. */
export async function readZnode(connectString: string, path: string): Promise<Znode> {
  const zk = await ZkSession.connect(connectString, { timeoutMs: 6_000 });
  try {
    const [{ data, stat }, children] = await Promise.all([zk.getNode(path), zk.getChildren(path)]);
    const bytes = data ?? Buffer.alloc(0);
    const shown = bytes.subarray(0, LIMIT);
    const text = bytes.length > 0 && isText(shown);
    const owner = longToString(stat.ephemeralOwner);
    return {
      path,
      children: [...children].sort(),
      data: bytes.length === 0 ? null : text ? shown.toString('utf8') : shown.toString('hex'),
      encoding: bytes.length === 0 ? 'none' : text ? 'utf8' : 'hex',
      truncated: bytes.length > LIMIT,
      stat: {
        version: stat.version,
        dataLength: stat.dataLength,
        numChildren: stat.numChildren,
        ctime: new Date(Number(longToString(stat.ctime))).toISOString(),
        mtime: new Date(Number(longToString(stat.mtime))).toISOString(),
        ephemeralOwner: owner === '0' ? null : `0x${BigInt(owner).toString(16)}`,
      },
    };
  } finally {
    zk.close();
  }
}
