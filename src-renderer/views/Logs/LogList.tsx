import { Box, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { LogEntry } from './merged-log';
import { LogRow } from './LogRow';

/**
 * The entries, virtualized: only the rows in view are in the page, each measured as drawn (a stack trace or an
 * expanded line is taller). While `follow` is on it stays at the newest entry; scrolling up turns it off.
 */
export function LogList({
  entries,
  labelOf,
  colorOf,
  search,
  current,
  follow,
  onFollowChange,
  scrollRequest,
  height,
}: {
  entries: ReadonlyArray<LogEntry>;
  labelOf: (source: string) => string;
  colorOf: (source: string) => string;
  search: string;
  current: number | undefined;
  follow: boolean;
  onFollowChange: (follow: boolean) => void;
  /** Brings an entry to the top (a new nonce each time, so the same entry can be asked for again). */
  scrollRequest: { index: number; nonce: number } | undefined;
  height: string;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is the intended virtualizer; its instance is not memoizable
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => parent.current,
    estimateSize: () => 19,
    overscan: 12,
    getItemKey: (i) => entries[i]?.seq ?? i,
  });
  useEffect(() => {
    if (scrollRequest) virtualizer.scrollToIndex(scrollRequest.index, { align: 'start' });
  }, [scrollRequest, virtualizer]);
  useEffect(() => {
    if (follow && entries.length > 0) virtualizer.scrollToIndex(entries.length - 1, { align: 'end' });
  }, [follow, entries, virtualizer]);
  // Only what the user does turns following off: the list's own scrolling (rows measured, the end moving) must not.
  const userScrolledUp = () => {
    if (follow) onFollowChange(false);
  };
  return (
    <Box
      ref={parent}
      onWheel={(e) => {
        if (e.deltaY < 0) userScrolledUp();
      }}
      onKeyDown={(e) => {
        if (['ArrowUp', 'PageUp', 'Home'].includes(e.key)) userScrolledUp();
      }}
      onPointerDown={(e) => {
        // A press on the scroll bar itself (the container, not a row).
        if (e.target === e.currentTarget) userScrolledUp();
      }}
      data-testid="log-entries"
      role="log"
      aria-label="Log entries"
      tabIndex={0}
      style={{
        height,
        overflow: 'auto',
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-sm)',
        background: 'var(--mantine-color-body)',
      }}
    >
      {entries.length === 0 ? (
        <Text c="dimmed" size="sm" p="md">
          No entries to show.
        </Text>
      ) : (
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const entry = entries[item.index] as LogEntry;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}
              >
                <LogRow
                  entry={entry}
                  label={labelOf(entry.source)}
                  color={colorOf(entry.source)}
                  search={search}
                  current={item.index === current}
                  expanded={expanded.has(entry.seq)}
                  onExpand={() => setExpanded((prev) => new Set(prev).add(entry.seq))}
                />
              </div>
            );
          })}
        </div>
      )}
    </Box>
  );
}
