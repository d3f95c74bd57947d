import { Select, Tooltip } from '@mantine/core';
import { useApiMutation, useApiQuery } from '../queries';

/** Which cluster the whole window talks to. */
export function ProfilePicker() {
  const profiles = useApiQuery('profile.list', {});
  const select = useApiMutation('profile.select');
  const list = profiles.data ?? [];
  const active = list.find((p) => p.active);
  return (
    <Tooltip label={active?.path ?? 'No profile'} disabled={!active}>
      <Select
        aria-label="Cluster profile"
        placeholder={profiles.isLoading ? 'Loading profiles…' : 'No profile'}
        w={260}
        size="xs"
        allowDeselect={false}
        value={active?.path ?? null}
        data={list.map((p) => ({
          value: p.path,
          label: p.error ? `${p.name} (invalid)` : `${p.name} · ${p.source}`,
          disabled: Boolean(p.error),
        }))}
        onChange={(path) => path && select.mutate({ path })}
        error={select.error ? select.error.message : undefined}
      />
    </Tooltip>
  );
}
