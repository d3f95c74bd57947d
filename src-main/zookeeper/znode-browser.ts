import { z } from 'zod';
import { ZkSession } from './zk-session';
import { isText } from '../util/text-bytes';

export const znodePathSchema = z
  .string()
  .regex(/^\/([^/]+(\/[^/]+)*)?$/, 'a znode path starts with "/" and has no empty segments')
  .refine((p) => !p.includes('\0'), 'a znode path cannot contain a NUL character')
  .refine((p) => !p.split('/').some((s) => s === '.' || s === '..'), 'a znode path cannot contain "." or ".." segments');

export const znodeSchema = z.object({
  path: z.string(),
  children: z.array(z.string()),
  /** UTF-8 text when the data is text, otherwise hex; cut at `limit` bytes. */
  data: z.string().nullable(),
  encoding: z.enum(['utf8', 'hex', 'none']),
  truncated: z.boolean(),
  stat: z.object({
    version: z.number().int(),
    dataLength: z.number().int(),
    numChildren: z.number().int(),
    ctime: z.string(),
    mtime: z.string(),
    ephemeralOwner: z.string().nullable(),
  }),
});
export type Znode = z.infer<typeof znodeSchema>;

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
