import { Alert, Badge, Button, Checkbox, Grid, Group, Menu, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import type { MethodInput, MethodOutput } from '../../../src-main/api/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation, useApiQuery } from '../../queries';
import { DiscoveryPanel } from './DiscoveryPanel';
import { DraftHostsPanel } from './DraftHostsPanel';
import { SshImportDialog } from './SshImportDialog';
import { draftHosts, draftName, NEW_PROFILE_TEMPLATE } from './draft';

type DraftHosts = NonNullable<MethodInput<'hosts.check'>['hosts']>;

/**
 * Create a profile, or edit the active one, as YAML: validated as you type (line-accurate errors from the app's
 * own profile.validate), hosts added by hand or from ~/.ssh/config, each tested over SSH, services discovered on
 * them and reviewed as a diff, and saved with the user's comments and layout as written.
 */
export function ProfileEditorView() {
  const profiles = useApiQuery('profile.list', {});
  const templates = useApiQuery('profile.templates', {});
  const active = profiles.data?.find((p) => p.active);
  const [yaml, setYaml] = useState(NEW_PROFILE_TEMPLATE);
  const [fileName, setFileName] = useState('my-cluster');
  const [editing, setEditing] = useState<string>();
  const [overwrite, setOverwrite] = useState(false);
  const [importing, setImporting] = useState(false);
  const [discovery, setDiscovery] = useState<MethodOutput<'profile.discover'>>();
  const [debounced] = useDebouncedValue(yaml, 300);
  const validation = useApiQuery('profile.validate', { yaml: debounced });
  const source = useApiMutation('profile.source');
  const discover = useApiMutation('profile.discover');
  const save = useApiMutation('profile.save');
  const select = useApiMutation('profile.select');
  // The API validates the hosts again; the draft only has to parse as YAML to be tried.
  const hosts = useMemo(() => draftHosts(yaml) as DraftHosts, [yaml]);

  const startNew = (text = NEW_PROFILE_TEMPLATE, name = 'my-cluster') => {
    setYaml(text);
    setFileName(name);
    setEditing(undefined);
    setOverwrite(false);
    setDiscovery(undefined);
    save.reset();
  };
  const editActive = () =>
    source.mutate(
      {},
      {
        onSuccess: (r) => {
          setYaml(r.yaml);
          setFileName(r.name);
          setEditing(r.path);
          setOverwrite(true);
          setDiscovery(undefined);
          save.reset();
        },
      },
    );
  const runDiscovery = (zookeeper?: string) =>
    discover.mutate(
      { hosts, name: draftName(yaml) ?? fileName, ...(zookeeper ? { zookeeper } : {}) },
      { onSuccess: (r) => setDiscovery(r) },
    );
  const onSave = () =>
    save.mutate(
      { name: fileName, yaml, overwrite },
      {
        onSuccess: (saved) => {
          // From now on this draft is that file: saving again replaces it.
          setEditing(saved.path);
          setOverwrite(true);
          select.mutate({ path: saved.path });
        },
      },
    );

  const errors = validation.data?.errors ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Profile editor</Title>
        <Group gap="xs">
          <Button variant="default" size="xs" onClick={() => startNew()}>
            New profile
          </Button>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button variant="default" size="xs" disabled={!templates.data?.length}>
                New from template
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {templates.data?.map((t) => (
                <Menu.Item key={t.name} onClick={() => startNew(t.yaml, `my-${t.name}`)}>
                  <Text size="sm" fw={500}>
                    {t.name}
                  </Text>
                  <Text size="xs" c="dimmed" maw={360}>
                    {t.description}
                  </Text>
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          <Button variant="default" size="xs" disabled={!active} loading={source.isPending} onClick={editActive}>
            Edit active profile
          </Button>
        </Group>
      </Group>
      {source.error && <ErrorAlert error={source.error} />}
      <Text size="sm" c="dimmed">
        {editing ? `Editing ${editing}.` : 'A new profile.'} Saved into the app&apos;s profile directory as <b>{fileName || '…'}.yaml</b>;
        comments and layout are kept as you write them.
      </Text>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="xs">
            <Textarea
              aria-label="Profile YAML"
              data-testid="profile-yaml"
              value={yaml}
              onChange={(e) => setYaml(e.currentTarget.value)}
              autosize
              minRows={22}
              maxRows={40}
              spellCheck={false}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
            />
            <Group gap="xs" data-testid="profile-validation">
              {validation.data?.valid && debounced === yaml ? (
                <Badge color="green" variant="light">
                  valid
                </Badge>
              ) : (
                <Badge color={errors.length > 0 ? 'red' : 'gray'} variant="light">
                  {errors.length > 0 ? `${errors.length} problem${errors.length === 1 ? '' : 's'}` : 'checking…'}
                </Badge>
              )}
            </Group>
            {errors.slice(0, 8).map((e, i) => (
              <Text size="xs" c="red" key={i} data-testid="profile-error">
                {e.line !== undefined && !/\bline \d+/.test(e.message) ? `line ${e.line}: ` : ''}
                {e.message}
              </Text>
            ))}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="sm">
            <DraftHostsPanel hosts={hosts} />
            <Group gap="xs">
              <Button variant="default" size="xs" onClick={() => setImporting(true)}>
                Add hosts from ~/.ssh/config…
              </Button>
              <Button
                size="xs"
                disabled={hosts.length === 0}
                loading={discover.isPending}
                onClick={() => discover.mutate({ hosts, name: draftName(yaml) ?? fileName }, { onSuccess: (r) => setDiscovery(r) })}
              >
                Discover services
              </Button>
            </Group>
            {discover.error && <ErrorAlert error={discover.error} />}
            <Stack gap={6}>
              <Group gap="xs" align="flex-end">
                <TextInput label="File name" size="xs" value={fileName} onChange={(e) => setFileName(e.currentTarget.value)} w={200} />
                <Checkbox
                  size="xs"
                  label="Replace the file if it exists"
                  checked={overwrite}
                  onChange={(e) => setOverwrite(e.currentTarget.checked)}
                />
              </Group>
              <Button
                disabled={!validation.data?.valid || debounced !== yaml || !fileName}
                loading={save.isPending || select.isPending}
                onClick={onSave}
              >
                Save and use this profile
              </Button>
              {save.error && <ErrorAlert error={save.error} />}
              {select.error && <ErrorAlert error={select.error} />}
              {save.data && select.isSuccess && (
                <Alert color="green" variant="light" data-testid="profile-saved">
                  Saved as {save.data.path}; the app now uses it.
                </Alert>
              )}
            </Stack>
          </Stack>
        </Grid.Col>
      </Grid>
      {discovery && (
        <DiscoveryPanel
          result={discovery}
          draft={yaml}
          rediscovering={discover.isPending}
          onChooseCluster={(zookeeper) => runDiscovery(zookeeper)}
          onAccept={(merged) => {
            setYaml(merged);
            setDiscovery(undefined);
          }}
          onDiscard={() => setDiscovery(undefined)}
        />
      )}
      {importing && <SshImportDialog yaml={yaml} onAdded={setYaml} onClose={() => setImporting(false)} />}
    </Stack>
  );
}
