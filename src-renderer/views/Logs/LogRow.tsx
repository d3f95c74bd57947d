import { Badge, Box, Mark, Text, UnstyledButton } from '@mantine/core';
import { splitMatches } from './log-filter';
import type { LogEntry } from './merged-log';
import { levelColors } from './format';

/** Characters of one line shown before "show more": a minified JSON payload or a binary log can run to 64 KiB a line. */
export const SHOWN_CHARS = 1_000;
/** Continuation lines shown before "more lines". */
export const SHOWN_LINES = 12;
/** What LogStreams and logs.read append to a line they cut at 64 KiB. */
const SERVER_CUT = ' [cut]';

function Highlighted({ text, search }: { text: string; search: string }) {
  return <>{splitMatches(text, search).map((p, i) => (p.match ? <Mark key={i}>{p.text}</Mark> : <span key={i}>{p.text}</span>))}</>;
}

function Line({ text, search, expanded, onExpand }: { text: string; search: string; expanded: boolean; onExpand: () => void }) {
  const serverCut = text.endsWith(SERVER_CUT);
  const body = serverCut ? text.slice(0, -SERVER_CUT.length) : text;
  const long = body.length > SHOWN_CHARS && !expanded;
  return (
    <div>
      <Highlighted text={long ? body.slice(0, SHOWN_CHARS) : body} search={search} />
      {long && (
        <UnstyledButton onClick={onExpand} fz="xs" c="blue" ml={4} aria-label="Show the whole line">
          … {(body.length - SHOWN_CHARS).toLocaleString()} more characters
        </UnstyledButton>
      )}
      {serverCut && (
        <Badge size="xs" variant="outline" color="gray" ml={4} title="The line was longer than 64 KiB: the rest was not read.">
          cut at 64 KiB
        </Badge>
      )}
    </div>
  );
}

/** One entry: where it comes from, its level, its lines (a stack trace folded after a few lines). */
export function LogRow({
  entry,
  label,
  color,
  search,
  expanded,
  current,
  onExpand,
}: {
  entry: LogEntry;
  label: string;
  color: string;
  search: string;
  expanded: boolean;
  current: boolean;
  onExpand: () => void;
}) {
  const lines = expanded ? entry.lines : entry.lines.slice(0, SHOWN_LINES + 1);
  const hidden = entry.lines.length - lines.length;
  return (
    <Box
      data-testid="log-entry"
      data-level={entry.level ?? ''}
      data-source={entry.source}
      style={{
        display: 'flex',
        gap: 8,
        padding: '1px 6px',
        borderLeft: `3px solid var(--mantine-color-${color}-6)`,
        outline: current ? '1px solid var(--mantine-color-yellow-5)' : undefined,
        background:
          entry.level === 'ERROR'
            ? 'var(--mantine-color-red-light)'
            : entry.level === 'WARN'
              ? 'var(--mantine-color-yellow-light)'
              : undefined,
        fontFamily: 'var(--mantine-font-family-monospace)',
        fontSize: 12,
        lineHeight: '17px',
      }}
    >
      <Text
        span
        fz={11}
        c={`${color}.6`}
        fw={600}
        w={150}
        style={{ flex: 'none', overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}
        title={label}
      >
        {label}
      </Text>
      <Text span fz={11} fw={700} w={44} c={entry.level ? levelColors[entry.level] : 'dimmed'} style={{ flex: 'none' }}>
        {entry.level ?? '·'}
      </Text>
      <Box style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {lines.map((l, i) => (
          <Line key={i} text={l} search={search} expanded={expanded} onExpand={onExpand} />
        ))}
        {(hidden > 0 || entry.omitted > 0) && (
          <UnstyledButton onClick={onExpand} fz="xs" c="blue" aria-label="Show all lines of this entry" disabled={hidden === 0}>
            {hidden > 0 ? `+ ${hidden} more line${hidden === 1 ? '' : 's'}` : ''}
            {entry.omitted > 0 ? ` (${entry.omitted} further lines not kept)` : ''}
          </UnstyledButton>
        )}
      </Box>
    </Box>
  );
}
