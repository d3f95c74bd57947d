import { markedSections } from './process-scan';

/**
 * Discovery's second remote command: the config files the running processes named, every Kafka config of the
 * installs they run from (to find services that are installed but stopped), each ZooKeeper's `myid`, and the
 * log directories under each install. A constant script; the paths come as positional arguments, never as shell text.
 */

export type ReadRequest = { file: string } | { zookeeperConfig: string } | { kafkaHome: string };

const SCRIPT = [
  'm=$1; shift',
  'show() { if [ -f "$1" ] && [ -r "$1" ]; then printf "%s file %s\\n" "$m" "$1"; cat -- "$1"; echo; else printf "%s missing %s\\n" "$m" "$1"; fi; }',
  'for a in "$@"; do',
  '  case $a in',
  '    file=*) show "${a#file=}" ;;',
  // ZooKeeper's own id is in <dataDir>/myid; the config only lists the ensemble.
  '    zk=*) f=${a#zk=}; show "$f"',
  '      d=$(sed -n -e "s/[[:space:]]*\\$//" -e "s/^[[:space:]]*dataDir[[:space:]]*[=:][[:space:]]*//p" "$f" 2>/dev/null | tail -n 1)',
  '      if [ -n "$d" ] && [ -f "$d/myid" ]; then show "$d/myid"; fi ;;',
  '    home=*) h=${a#home=}',
  '      for f in "$h"/config/*.properties; do',
  '        [ -f "$f" ] || continue',
  '        case ${f##*/} in server*|zookeeper*|connect-distributed*) show "$f" ;; esac',
  '      done',
  '      for l in "$h"/logs/*/; do [ -d "$l" ] && printf "%s logdir %s\\n" "$m" "${l%/}"; done ;;',
  '  esac',
  'done',
  'true',
].join('\n');

export function configReadCommand(marker: string, requests: ReadonlyArray<ReadRequest>): string[] {
  const args = requests.map((r) =>
    'file' in r ? `file=${r.file}` : 'zookeeperConfig' in r ? `zk=${r.zookeeperConfig}` : `home=${r.kafkaHome}`,
  );
  return ['sh', '-c', SCRIPT, 'kcc-discover-configs', marker, ...[...new Set(args)]];
}

export interface ConfigRead {
  /** File text by absolute path. */
  files: Map<string, string>;
  missing: Set<string>;
  /** Directories found under the installs' logs/. */
  logDirs: Set<string>;
}

export function parseConfigRead(output: string, marker: string): ConfigRead {
  const read: ConfigRead = { files: new Map(), missing: new Set(), logDirs: new Set() };
  for (const s of markedSections(output, marker)) {
    // The script's echo adds one newline after each file.
    if (s.tag === 'file') read.files.set(s.arg, s.body.replace(/\n$/, ''));
    else if (s.tag === 'missing') read.missing.add(s.arg);
    else if (s.tag === 'logdir') read.logDirs.add(s.arg);
  }
  return read;
}

/** Hadoop's *-site.xml properties (name → value); enough of XML for these flat files. */
export function parseHadoopSite(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  const unescape = (t: string) =>
    t
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&')
      .trim();
  for (const m of xml.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<property>([\s\S]*?)<\/property>/g)) {
    const body = m[1] ?? '';
    const name = /<name>([\s\S]*?)<\/name>/.exec(body)?.[1];
    const value = /<value>([\s\S]*?)<\/value>/.exec(body)?.[1];
    if (name !== undefined && value !== undefined) out.set(unescape(name), unescape(value));
  }
  return out;
}
