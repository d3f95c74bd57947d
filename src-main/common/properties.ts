/**
 * Java .properties as Kafka reads its server.properties: `key=value` or
 * `key: value`, `#`/`!` comments, trailing-backslash continuation lines.
 */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]?.trim() ?? '';
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + (lines[++i]?.trim() ?? '');
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m?.[1]) out.set(m[1], m[2] ?? '');
  }
  return out;
}

export interface Listener {
  name: string;
  host: string;
  port: number;
}

/** `PLAINTEXT://host:9092,EXTERNAL://[::1]:9093` → listeners; an empty host means "all interfaces". */
export function parseListeners(value: string | undefined): Listener[] {
  if (!value) return [];
  return value
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean)
    .flatMap((l) => {
      const m = /^([A-Za-z0-9_]+):\/\/(\[[^\]]*\]|[^:]*):(\d+)$/.exec(l);
      return m ? [{ name: m[1] ?? '', host: (m[2] ?? '').replace(/^\[|\]$/g, ''), port: Number(m[3]) }] : [];
    });
}
