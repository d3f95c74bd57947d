import { ActionIcon, Button, Chip, Group, Switch, Text, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { levels, type Level } from './log-line';
import { levelColors } from './format';

const FORMAT = 'YYYY-MM-DD HH:mm:ss';

/** Level filter, search, jump to a time, follow. */
export function LogToolbar(props: {
  levelSet: ReadonlySet<Level>;
  onLevels: (levels: Level[]) => void;
  search: string;
  onSearch: (s: string) => void;
  onlyMatching: boolean;
  onOnlyMatching: (v: boolean) => void;
  matchCount: number;
  matchAt: number | undefined;
  onMatchStep: (step: 1 | -1) => void;
  jumpText: string | null;
  onJumpText: (v: string | null) => void;
  onJump: () => void;
  jumping: boolean;
  follow: boolean;
  onFollow: (v: boolean) => void;
}) {
  return (
    <Group gap="sm" align="end" wrap="wrap">
      <Chip.Group multiple value={[...props.levelSet]} onChange={(v) => props.onLevels(v as Level[])}>
        <Group gap={4} aria-label="Levels" role="group">
          {levels.map((l) => (
            <Chip key={l} value={l} size="xs" color={levelColors[l]} variant="light">
              {l}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <Group gap={4} align="end" wrap="nowrap">
        <TextInput
          size="xs"
          w={190}
          placeholder="Search the entries"
          aria-label="Search log entries"
          value={props.search}
          onChange={(e) => props.onSearch(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') props.onMatchStep(e.shiftKey ? -1 : 1);
          }}
        />
        <ActionIcon
          size="md"
          variant="default"
          aria-label="Previous match"
          onClick={() => props.onMatchStep(-1)}
          disabled={props.matchCount === 0}
        >
          ↑
        </ActionIcon>
        <ActionIcon
          size="md"
          variant="default"
          aria-label="Next match"
          onClick={() => props.onMatchStep(1)}
          disabled={props.matchCount === 0}
        >
          ↓
        </ActionIcon>
        <Text size="xs" c="dimmed" w={70} data-testid="match-count">
          {props.search.trim() === '' ? '' : `${props.matchAt === undefined ? '–' : props.matchAt + 1} / ${props.matchCount}`}
        </Text>
      </Group>
      <Switch
        size="xs"
        label="Only matching"
        checked={props.onlyMatching}
        onChange={(e) => props.onOnlyMatching(e.currentTarget.checked)}
      />
      <Group gap={4} align="end" wrap="nowrap">
        <DateTimePicker
          size="xs"
          w={170}
          withSeconds
          clearable
          valueFormat={FORMAT}
          placeholder="jump to a time"
          aria-label="Jump to time"
          data-testid="jump-time"
          timePickerProps={{ hoursInputLabel: 'Hours', minutesInputLabel: 'Minutes', secondsInputLabel: 'Seconds' }}
          submitButtonProps={{ 'aria-label': 'Set date and time' }}
          value={props.jumpText}
          onChange={(v) => props.onJumpText(v)}
        />
        <Button size="xs" variant="default" onClick={props.onJump} disabled={!props.jumpText} loading={props.jumping}>
          Jump
        </Button>
      </Group>
      <Switch size="xs" label="Follow" checked={props.follow} onChange={(e) => props.onFollow(e.currentTarget.checked)} />
    </Group>
  );
}
