// Runs discovery's two remote commands on the hosts of a profile and writes their raw outputs (with the marker)
// as fixtures for the unit tests: `tsx scripts/record-discovery.ts PROFILE OUT_DIR`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { draftProfile } from '../src-main/profile/draft-profile';
import { SshPool } from '../src-main/ssh/ssh-pool';
import { parseProcessScan, processScanCommand } from '../src-main/discovery/process-scan';
import { classifyJvm } from '../src-main/discovery/jvm-process';
import { filesFor } from '../src-main/discovery/service-candidates';
import { configReadCommand } from '../src-main/discovery/config-read';

const [profileFile, outDir] = process.argv.slice(2);
if (!profileFile || !outDir) throw new Error('usage: record-discovery.ts PROFILE OUT_DIR');
const profile = draftProfile((parse(readFileSync(profileFile, 'utf8')) as { hosts: never[] }).hosts);
const pool = new SshPool(async () => profile);
const marker = '@@kcc-fixture@@';
mkdirSync(outDir, { recursive: true });
for (const host of profile.hosts) {
  const scan = await pool.exec(host.id, processScanCommand(marker));
  writeFileSync(join(outDir, `${host.id}.scan.txt`), scan.stdout);
  const requests = parseProcessScan(scan.stdout, marker).processes.flatMap((p) => {
    const jvm = classifyJvm(p);
    return jvm ? filesFor(jvm) : [];
  });
  const files = await pool.exec(host.id, configReadCommand(marker, requests));
  writeFileSync(join(outDir, `${host.id}.files.txt`), files.stdout);
  console.log(host.id, scan.stdout.length, 'bytes of scan,', files.stdout.length, 'bytes of files');
}
await pool.dispose();
