import { parentPort, workerData } from 'node:worker_threads';
import { newKafka } from '../kafka/kafka-client';
import { runProducer } from './producer-run';
import { runConsumer } from './consumer-run';
import { verifyRun } from './verify-run';
import type { WorkloadSample } from './schemas';
import { toWorkerSchema, workerInputSchema, type FromWorker } from './worker-protocol';

/**
 * A workload's own thread: the Kafka client, the generator and the counters
 * live here so a run at full speed never stalls the main process (and with
 * it the UI). Tunnelled runs ask main for a local port per broker, since SSH
 * connections cannot cross threads.
 */

const port = parentPort;
if (!port) throw new Error('workload-worker must run as a worker thread');
const input = workerInputSchema.parse(workerData);
const post = (m: FromWorker) => port.postMessage(m);

let stop = false;
let nextRequest = 1;
const portRequests = new Map<number, { resolve: (p: number) => void; reject: (e: Error) => void }>();
port.on('message', (raw: unknown) => {
  const m = toWorkerSchema.parse(raw);
  if (m.type === 'stop') stop = true;
  else {
    const req = portRequests.get(m.requestId);
    portRequests.delete(m.requestId);
    if (m.port !== undefined) req?.resolve(m.port);
    else req?.reject(new Error(m.error ?? 'no tunnel'));
  }
});

function localPort(host: string, p: number): Promise<number> {
  const requestId = nextRequest++;
  return new Promise((resolve, reject) => {
    portRequests.set(requestId, { resolve, reject });
    post({ type: 'port-request', requestId, host, port: p });
  });
}

const conn = { brokers: input.brokers, ...(input.tunnelled ? { localPort } : {}) };
const kafka = newKafka(conn, `kcc-workload-${input.runId}`);

async function main(): Promise<void> {
  const job = input.job;
  const runHooks = { onSample: (sample: WorkloadSample) => post({ type: 'sample', sample }), stopRequested: () => stop };
  if (job.kind === 'producer') {
    const { summary, acked } = await runProducer(conn, input.runId, job.spec, runHooks);
    post({ type: 'done', summary, acked: acked.toBytes() });
  } else if (job.kind === 'consumer') {
    const { summary } = await runConsumer(conn, input.runId, job.spec, runHooks);
    post({ type: 'done', summary });
  } else {
    const result = await verifyRun(kafka, input.runId, job.topic, job.acked, job.ackedChecksum, () => stop);
    post({ type: 'verified', result });
  }
}

// Main terminates the thread once it has the last message: exiting here could drop it.
main().catch((err: unknown) => post({ type: 'failed', error: err instanceof Error ? err.message : String(err) }));
