import { Code, Loader, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiQuery } from '../../queries';
import { LandingCard } from './LandingCard';

/** Every pipeline that lands in HDFS, with what has landed. */
export function DataLakeView() {
  const landings = useApiQuery('datalake.landings', {});
  return (
    <Stack>
      <Title order={2}>Data lake</Title>
      {landings.error && <ErrorAlert error={landings.error} />}
      {!landings.data && !landings.error && <Loader size="sm" />}
      {landings.data?.length === 0 && (
        <Text c="dimmed" size="sm">
          No pipeline of the profile lands in HDFS. Give one a <Code>landing: {'{ hdfs: <namenode service>, path: /datalake/… }'}</Code>.
        </Text>
      )}
      {landings.data?.map((l) => (
        <LandingCard key={l.pipeline} landing={l} />
      ))}
    </Stack>
  );
}
