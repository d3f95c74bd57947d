import { Button, Checkbox, Code, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation } from '../../queries';

/**
 * "Add hosts from ~/.ssh/config": the hosts ssh would reach, resolved as `ssh -G` resolves them, to preview and
 * pick; the chosen ones (with the jump hosts they go through) are added to the draft text by the app, which keeps
 * the draft's comments. Key paths stay in the text the user edits; the preview shows none.
 */
export function SshImportDialog({ yaml, onAdded, onClose }: { yaml: string; onAdded: (yaml: string) => void; onClose: () => void }) {
  const preview = useApiMutation('profile.importSshConfig');
  const add = useApiMutation('profile.importSshConfig');
  const [chosen, setChosen] = useState<string[]>([]);
  const { mutate } = preview;
  useEffect(() => mutate({}), [mutate]);
  const found = preview.data;
  return (
    <Modal opened onClose={onClose} title="Add hosts from ~/.ssh/config" size="lg" centered>
      <Stack>
        {preview.isPending && <Loader size="sm" />}
        {preview.error && <ErrorAlert error={preview.error} />}
        {found && (
          <>
            <Text size="sm">
              From <Code>{found.configPath}</Code>:
            </Text>
            {found.hosts.length === 0 && <Text size="sm">No host there that the app can reach as ssh would.</Text>}
            {found.hosts.map((h) => (
              <Checkbox
                key={h.id}
                label={`${h.id} — ${h.user}@${h.address}:${h.port}${h.bastion ? ` via ${h.bastion}` : ''}`}
                checked={chosen.includes(h.id)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setChosen((c) => (on ? [...c, h.id] : c.filter((x) => x !== h.id)));
                }}
              />
            ))}
            {found.skipped.map((s) => (
              <Text size="xs" c="orange" key={s.alias}>
                {s.alias}: skipped ({s.reason})
              </Text>
            ))}
            {found.warnings.map((w) => (
              <Text size="xs" c="dimmed" key={`${w.file}:${w.line}`}>
                {w.file} line {w.line}: {w.message}
              </Text>
            ))}
          </>
        )}
        {add.error && <ErrorAlert error={add.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={chosen.length === 0}
            loading={add.isPending}
            onClick={() =>
              add.mutate(
                { yaml, hosts: chosen },
                {
                  onSuccess: (r) => {
                    if (r.yaml !== undefined) onAdded(r.yaml);
                    onClose();
                  },
                },
              )
            }
          >
            Add {chosen.length} host{chosen.length === 1 ? '' : 's'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
