import { Drawer, Loader } from '@mantine/core';
import { ConfigTable } from '../../components/configs/ConfigTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiQuery } from '../../queries';

/** A broker's running configuration, overrides first; dynamic configs can be changed for it or for all brokers. */
export function BrokerConfigsDrawer({ brokerId, onClose }: { brokerId: number; onClose: () => void }) {
  const configs = useApiQuery('brokers.configs', { brokerId });
  return (
    <Drawer opened onClose={onClose} position="right" size="65%" title={`Broker ${brokerId} configuration`}>
      {configs.error && <ErrorAlert error={configs.error} />}
      {configs.isLoading && <Loader size="sm" />}
      {configs.data && <ConfigTable owner={{ brokerId }} entries={configs.data} label="Broker configuration" />}
    </Drawer>
  );
}
