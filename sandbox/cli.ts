/**
 * `npm run sandbox -- up|down|status|reset`: the local sandbox cluster from a
 * terminal. Exit code 0 on success, 1 on failure (with one readable message),
 * 2 on bad usage.
 */
import { sandboxDown, sandboxReset, sandboxStatus, sandboxUp, seconds, type SandboxDownResult } from './lifecycle';
import { sandboxPaths } from './paths';
import { flumeIotPaths, iotPaths, spoolSensorReadings, writeSensorReadings } from './iot-pipelines';
import { defaultTopology } from './topology';
import { MissingToolError } from './prerequisites';
import { ReadinessTimeout } from './readiness';

const USAGE = `usage: npm run sandbox -- <command>

  up      start (or keep) ZooKeeper, 3 brokers, Connect and the sshd hosts; write the profile
  down    stop every sandbox process by its pid file (SIGTERM, then SIGKILL after a grace period)
  status  one line per process: host, service, pid, state, port
  reset   down, then delete data, logs and pid files (keys and the jar cache stay)
  generate [N]  the IoT generator: N sensor readings (default 100) for each pipeline 1 (Connect's file, Flume's spool directory)

environment: KCC_SANDBOX_DIR (default <repo>/.sandbox), KCC_CACHE_DIR (default ~/.cache/kafka-control-center)`;

const log = (line: string): void => {
  process.stdout.write(`  ${line}\n`);
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'generate' && rest.length <= 1) return generate(rest[0] === undefined ? 100 : Number(rest[0]));
  if (command === undefined || rest.length > 0 || command === '-h' || command === '--help') {
    process.stderr.write(`${USAGE}\n`);
    return command === '-h' || command === '--help' ? 0 : 2;
  }
  switch (command) {
    case 'up':
      return up();
    case 'down':
      printDown(await sandboxDown({ log }));
      return 0;
    case 'reset':
      printDown(await sandboxReset({ log }));
      return 0;
    case 'status':
      return status();
    default:
      process.stderr.write(`unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
}

async function generate(count: number): Promise<number> {
  if (!Number.isInteger(count) || count < 1) {
    process.stderr.write(`generate: N must be a whole number above 0\n${USAGE}\n`);
    return 2;
  }
  const iot = iotPaths(sandboxPaths(), defaultTopology);
  const spool = flumeIotPaths(sandboxPaths(), defaultTopology);
  if (!iot && !spool) return 1;
  if (iot) {
    await writeSensorReadings(iot, count);
    process.stdout.write(`appended ${count} readings to ${iot.sourceFile} (Connect pipeline 1)\n`);
  }
  if (spool) {
    await spoolSensorReadings(spool, count);
    process.stdout.write(`spooled ${count} readings into ${spool.spoolDir} (Flume pipeline 1)\n`);
  }
  return 0;
}

async function up(): Promise<number> {
  process.stdout.write('sandbox up\n');
  const result = await sandboxUp({ log });
  const p = result.profile;
  const lines = [
    `profile:    ${result.profilePath}`,
    `bootstrap:  ${p.kafka.bootstrap.join(',')}`,
    `zookeeper:  ${p.kafka.zookeeper}`,
    ...p.services.filter((s) => s.kind === 'connect-worker').map((s) => `connect:    ${s.restUrl}`),
    ...p.hosts.map(
      (h) =>
        `ssh ${h.id.padEnd(10)} ssh -i ${h.identityFile} -p ${h.port} -o UserKnownHostsFile=${h.knownHostsFile} ${h.user}@${h.address}`,
    ),
    `started ${result.started.length}, kept ${result.kept.length}${result.resumed.length ? `, resumed ${result.resumed.length}` : ''}`,
    `ready in ${seconds(result.totalMs)} (${Object.entries(result.timings)
      .map(([k, v]) => `${k} ${seconds(v)}`)
      .join(', ')})`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function printDown(result: SandboxDownResult): void {
  process.stdout.write(
    `stopped ${result.stopped.length} process${result.stopped.length === 1 ? '' : 'es'} in ${seconds(result.totalMs)}\n`,
  );
  if (result.stillListening.length > 0) {
    process.stdout.write(`WARNING: still accepting connections: ${result.stillListening.join(', ')}\n`);
  }
}

async function status(): Promise<number> {
  const rows = await sandboxStatus();
  process.stdout.write(`sandbox ${sandboxPaths().root}\n`);
  const table = [
    ['HOST', 'SERVICE', 'PID', 'STATE', 'ADDRESS', 'LISTENING'],
    ...rows.map((r) => [
      r.hostId,
      r.serviceId,
      r.pid === undefined ? '-' : String(r.pid),
      r.state,
      `${r.address}:${r.port}`,
      r.listening ? 'yes' : 'no',
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table)
    process.stdout.write(
      `${row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Missing programs and readiness timeouts carry their own hint (install
    // line, log tail); a stack trace only with KCC_DEBUG.
    process.stderr.write(`sandbox: ${err instanceof Error ? err.message : String(err)}\n`);
    const expected = err instanceof MissingToolError || err instanceof ReadinessTimeout;
    if (!expected && process.env.KCC_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  },
);
