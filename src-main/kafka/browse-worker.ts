import { parentPort } from 'node:worker_threads';
import { scanPartitions } from './browse-scan';
import { toBrowseWorkerSchema, type FromBrowseWorker, type ScanInput } from './browse-protocol';

/**
 * A browse thread: kept alive between scans (starting one costs more than a short scan), it reads its share of a
 * scan's partitions and posts back the records it kept. Tunnelled clusters: it asks main for a local port per
 * broker, since SSH connections cannot cross threads.
 */
const port = parentPort;
if (!port) throw new Error('browse-worker must run as a worker thread');
const post = (m: FromBrowseWorker) => port.postMessage(m);

const active = new Set<number>();
const stopped = new Set<number>();
let nextRequest = 1;
const portRequests = new Map<number, { resolve: (p: number) => void; reject: (e: Error) => void }>();

function localPortFor(scanId: number) {
  return (host: string, p: number): Promise<number> => {
    const requestId = nextRequest++;
    return new Promise((resolve, reject) => {
      portRequests.set(requestId, { resolve, reject });
      post({ type: 'port-request', scanId, requestId, host, port: p });
    });
  };
}

async function scan(scanId: number, input: ScanInput): Promise<void> {
  active.add(scanId);
  const conn = { brokers: input.brokers, ...(input.tunnelled ? { localPort: localPortFor(scanId) } : {}) };
  try {
    const result = await scanPartitions(conn, input.job, input.timeoutMs, () => stopped.has(scanId));
    post({ type: 'done', scanId, result });
  } catch (err) {
    const e = err as { name?: string; type?: string; message?: string };
    post({ type: 'failed', scanId, name: e.name ?? 'Error', ...(e.type ? { errorType: e.type } : {}), message: e.message ?? String(err) });
  } finally {
    active.delete(scanId);
    stopped.delete(scanId);
  }
}

port.on('message', (raw: unknown) => {
  const m = toBrowseWorkerSchema.parse(raw);
  if (m.type === 'scan') void scan(m.scanId, m.input);
  else if (m.type === 'stop') {
    if (active.has(m.scanId)) stopped.add(m.scanId);
  } else {
    const req = portRequests.get(m.requestId);
    portRequests.delete(m.requestId);
    if (m.port !== undefined) req?.resolve(m.port);
    else req?.reject(new Error(m.error ?? 'no tunnel'));
  }
});
