import { Alert, Badge, Box, Button, CloseButton, Group, Loader, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { LogFile } from '../../../src-main/api/contract';
import { formatBytes, sourceColors } from './format';
import { firstAtOrAfter, visibleEntries } from './log-filter';
import { formatWallClock, levels, parseWallClock, type Level } from './log-line';
import { LogFilePicker, sourceKey } from './LogFilePicker';
import { LogList } from './LogList';
import { LogToolbar } from './LogToolbar';
import { useMergedLog, type JumpOutcome, type LogSource } from './useMergedLog';

const CAPACITY = 20_000;

interface Picked extends LogSource {
  color: string;
}

function jumpNote(time: number, found: boolean, outcome: JumpOutcome, labelOf: (k: string) => string): string {
  const parts = [found ? `Showing entries from ${formatWallClock(time)}.` : `No entry at or after ${formatWallClock(time)}.`];
  if (outcome.startsAfter.length > 0) {
    parts.push(
      `${outcome.startsAfter.map(labelOf).join(', ')} begin${outcome.startsAfter.length === 1 ? 's' : ''} later: older entries are in rolled files.`,
    );
  }
  if (outcome.full) parts.push(`The view holds ${CAPACITY.toLocaleString()} entries at most: fewer files, or a later time, reach further.`);
  if (outcome.budgetSpent) parts.push('Stopped reading back after a few MiB per file: jump again to read further.');
  return parts.join(' ');
}

/** Any service's log files, several at once, merged in time order and followed live. */
export function LogsView() {
  const [picked, setPicked] = useState<Picked[]>([]);
  const [levelSet, setLevelSet] = useState<ReadonlySet<Level>>(new Set(levels));
  const [search, setSearch] = useState('');
  const [onlyMatching, setOnlyMatching] = useState(false);
  const [matchAt, setMatchAt] = useState<number | undefined>(undefined);
  const [follow, setFollow] = useState(true);
  const [jumpText, setJumpText] = useState<string | null>(null);
  const [jumping, setJumping] = useState(false);
  const [note, setNote] = useState<string | undefined>(undefined);
  const [scrollRequest, setScrollRequest] = useState<{ index: number; nonce: number } | undefined>(undefined);
  const scrollTo = (index: number) => setScrollRequest((prev) => ({ index, nonce: (prev?.nonce ?? 0) + 1 }));
  const { merged, version, states, loadOlder, reachBack } = useMergedLog(picked, CAPACITY);

  const selected = useMemo(() => new Set(picked.map((p) => p.key)), [picked]);
  const byKey = useMemo(() => new Map(picked.map((p) => [p.key, p])), [picked]);
  const labelOf = (key: string) => {
    const p = byKey.get(key);
    return p ? `${p.service} · ${p.name}` : key;
  };
  const colorOf = (key: string) => byKey.get(key)?.color ?? 'gray';

  const toggle = (f: LogFile) => {
    const key = sourceKey(f);
    setPicked((prev) => {
      if (prev.some((p) => p.key === key)) return prev.filter((p) => p.key !== key);
      const used = new Set(prev.map((p) => p.color));
      const color = sourceColors.find((c) => !used.has(c)) ?? 'gray';
      return [...prev, { key, service: f.service, host: f.host, file: f.path, name: f.name, color }];
    });
  };

  const wanted = picked.map((p) => p.key).join('\n');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the log is mutable: `version` says when it changed
  const entries = useMemo(() => merged.entries(), [merged, version, wanted]);
  const { shown, matches } = useMemo(
    () => visibleEntries(entries, { levels: levelSet, search, onlyMatching }),
    [entries, levelSet, search, onlyMatching],
  );
  const currentMatch = matchAt !== undefined ? matches[Math.min(matchAt, matches.length - 1)] : undefined;

  const step = (dir: 1 | -1) => {
    if (matches.length === 0) return;
    const next = matchAt === undefined ? (dir === 1 ? 0 : matches.length - 1) : (matchAt + dir + matches.length) % matches.length;
    setMatchAt(next);
    setFollow(false);
    const index = matches[next];
    if (index !== undefined) scrollTo(index);
  };

  const jump = async () => {
    const time = jumpText ? parseWallClock(jumpText) : undefined;
    if (time === undefined) return;
    setJumping(true);
    setFollow(false);
    try {
      const outcome = await reachBack(time);
      const fresh = visibleEntries(merged.entries(), { levels: levelSet, search, onlyMatching }).shown;
      const index = firstAtOrAfter(fresh, time);
      if (index >= 0) scrollTo(index);
      setNote(jumpNote(time, index >= 0, outcome, labelOf));
    } finally {
      setJumping(false);
    }
  };

  const anyOlder = picked.some((p) => (states[p.key]?.start ?? 0) > 0);
  return (
    <Stack gap="xs" h="calc(100vh - 52px - 2 * var(--mantine-spacing-md))">
      <Group justify="space-between">
        <Title order={2}>Logs</Title>
        <Text size="xs" c="dimmed" data-testid="log-counts">
          {shown.length.toLocaleString()} of {merged.size.toLocaleString()} entries shown · {merged.dropped.toLocaleString()} dropped (
          {CAPACITY.toLocaleString()} kept at most)
        </Text>
      </Group>
      <Group align="stretch" gap="md" wrap="nowrap" style={{ flex: 1, minHeight: 0 }}>
        <Box w={290} style={{ flex: 'none', minHeight: 0 }}>
          <LogFilePicker selected={selected} onToggle={toggle} />
        </Box>
        <Stack gap="xs" style={{ flex: 1, minWidth: 0, minHeight: 0 }}>
          <Group gap={6} data-testid="log-sources" wrap="wrap">
            {picked.length === 0 && (
              <Text size="sm" c="dimmed">
                Tick log files on the left: they are read from their end, merged by time and followed live.
              </Text>
            )}
            {picked.map((p) => {
              const st = states[p.key];
              return (
                <Badge
                  key={p.key}
                  color={p.color}
                  variant="light"
                  size="lg"
                  tt="none"
                  data-testid={`source-${p.service}-${p.name}`}
                  leftSection={st?.loading ? <Loader size={10} /> : st?.following ? <span aria-label="following">●</span> : undefined}
                  rightSection={
                    <CloseButton
                      size="xs"
                      aria-label={`Close ${p.service} ${p.name}`}
                      onClick={() => setPicked((prev) => prev.filter((x) => x.key !== p.key))}
                    />
                  }
                  title={`${p.host}:${p.file}${st && st.start > 0 ? ` · from byte ${formatBytes(st.start)}` : ' · from its beginning'}`}
                >
                  {p.service} · {p.name}
                </Badge>
              );
            })}
            {anyOlder && (
              <Tooltip label="Read 256 KiB further back in each file">
                <Button size="compact-xs" variant="subtle" onClick={() => void Promise.all(picked.map((p) => loadOlder(p.key)))}>
                  Read older
                </Button>
              </Tooltip>
            )}
          </Group>
          {picked.map((p) => {
            const e = states[p.key]?.error;
            return e ? (
              <Alert key={p.key} color="red" title={`${p.service} · ${p.name}`} py={6} role="alert">
                {e.message}
              </Alert>
            ) : null;
          })}
          <LogToolbar
            levelSet={levelSet}
            onLevels={(v) => setLevelSet(new Set(v))}
            search={search}
            onSearch={(s) => {
              setSearch(s);
              setMatchAt(undefined);
            }}
            onlyMatching={onlyMatching}
            onOnlyMatching={setOnlyMatching}
            matchCount={matches.length}
            matchAt={matchAt}
            onMatchStep={step}
            jumpText={jumpText}
            onJumpText={setJumpText}
            onJump={() => void jump()}
            jumping={jumping}
            follow={follow}
            onFollow={setFollow}
          />
          {note && (
            <Text size="xs" c="dimmed" data-testid="jump-note">
              {note}
            </Text>
          )}
          <Box style={{ flex: 1, minHeight: 0 }}>
            <LogList
              scrollRequest={scrollRequest}
              entries={shown}
              labelOf={labelOf}
              colorOf={colorOf}
              search={search}
              current={currentMatch}
              follow={follow}
              onFollowChange={setFollow}
              height="100%"
            />
          </Box>
        </Stack>
      </Group>
    </Stack>
  );
}
