import { z } from 'zod';

/**
 * The first of discovery's two remote commands: one constant `sh -c` script that lists the JVMs of interest from
 * /proc, each with its owner, working directory and command line. The command line is printed as the kernel keeps
 * it (arguments NUL-separated), so an argument with a space or a newline cannot be misread. Sections start with a
 * marker made fresh for each run, which no file or argument on the host can contain by chance.
 */

/**
 * The main classes worth a look, as a prefilter in grep -E syntax. Each has a bracket in it so that the pattern
 * never matches the script's own command line (the shell running it holds the pattern text, not the class name);
 * which process is which is decided afterwards, on whole arguments, in classifyJvm.
 */
const PREFILTER =
  'Quorum[P]eerMain|ZooKeeper[S]erverMain|kafka[.]Kafka|Connect[D]istributed|flume[.]node[.]Application|DataCollector[M]ain|namenode[.]NameNode|MiniHadoop[C]lusterManager';

const SCRIPT = [
  'm=$1',
  'printf "%s boot\\n" "$m"; cat /proc/sys/kernel/random/boot_id 2>/dev/null',
  'for d in /proc/[0-9]*; do',
  `  grep -qaE '${PREFILTER}' "$d/cmdline" 2>/dev/null || continue`,
  '  printf "%s proc %s\\n" "$m" "${d#/proc/}"',
  '  printf "%s user " "$m"; stat -c %U "$d" 2>/dev/null || echo',
  '  printf "%s cwd " "$m"; readlink "$d/cwd" 2>/dev/null || echo',
  '  printf "%s cmdline\\n" "$m"; cat "$d/cmdline" 2>/dev/null; echo',
  'done',
  'true',
].join('\n');

export function processScanCommand(marker: string): string[] {
  return ['sh', '-c', SCRIPT, 'kcc-discover', marker];
}

export const scannedProcessSchema = z.object({
  pid: z.number().int().positive(),
  user: z.string().optional(),
  /** Absent when the SSH user may not read it (another user's process). */
  cwd: z.string().optional(),
  argv: z.array(z.string()).min(1),
});
export type ScannedProcess = z.infer<typeof scannedProcessSchema>;

export const processScanSchema = z.object({
  bootId: z.string().optional(),
  processes: z.array(scannedProcessSchema),
});
export type ProcessScan = z.infer<typeof processScanSchema>;

/** Splits a marked output into its sections: `[tag, rest of the marker line, body]`. */
export function markedSections(output: string, marker: string): Array<{ tag: string; arg: string; body: string }> {
  const out: Array<{ tag: string; arg: string; body: string }> = [];
  const chunks = `\n${output}`.split(`\n${marker} `).slice(1);
  for (const chunk of chunks) {
    const nl = chunk.indexOf('\n');
    const head = nl === -1 ? chunk : chunk.slice(0, nl);
    const space = head.indexOf(' ');
    out.push({
      tag: space === -1 ? head : head.slice(0, space),
      arg: space === -1 ? '' : head.slice(space + 1),
      body: nl === -1 ? '' : chunk.slice(nl + 1),
    });
  }
  return out;
}

/** Parses the scan's output; a process that ended between two lines of it (empty command line) is left out. */
export function parseProcessScan(output: string, marker: string): ProcessScan {
  let bootId: string | undefined;
  const processes: ScannedProcess[] = [];
  let current: { pid: number; user?: string; cwd?: string } | undefined;
  for (const s of markedSections(output, marker)) {
    switch (s.tag) {
      case 'boot':
        bootId = s.body.trim() || undefined;
        break;
      case 'proc':
        current = { pid: Number(s.arg) };
        break;
      case 'user':
        if (current && s.arg.trim()) current.user = s.arg.trim();
        break;
      case 'cwd':
        if (current && s.arg.trim()) current.cwd = s.arg.trim();
        break;
      case 'cmdline': {
        if (!current) break;
        // The script's echo adds one newline after the NUL-terminated arguments.
        const argv = s.body.replace(/\n$/, '').split('\0');
        if (argv.at(-1) === '') argv.pop();
        const parsed = scannedProcessSchema.safeParse({ ...current, argv });
        if (parsed.success) processes.push(parsed.data);
        current = undefined;
        break;
      }
    }
  }
  return processScanSchema.parse({ ...(bootId ? { bootId } : {}), processes });
}
