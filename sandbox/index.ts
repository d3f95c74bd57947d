export {
  sandboxUp,
  sandboxDown,
  sandboxReset,
  sandboxStatus,
  sandboxProcesses,
  loadSandboxProfile,
  seedSandboxDataLake as seedDataLake,
  type SandboxOptions,
  type SandboxUpOptions,
  type SandboxUpResult,
  type SandboxDownResult,
  type SandboxProcessStatus,
  type StoppedProcess,
} from './lifecycle';
export { sandboxPaths, servicePaths, type SandboxPaths, type HostPaths, type ServicePaths, type SandboxLocation } from './paths';
export {
  defaultTopology,
  bootstrapServers,
  zookeeperConnect,
  type SandboxTopology,
  type SandboxServiceSpec,
  type SandboxHostSpec,
} from './topology';
export type { ManagedProcess } from './inventory';
export { readBrokerIds } from './zookeeper-client';
export { MissingToolError } from './prerequisites';
export {
  iotPaths,
  iotConnectorConfigs,
  writeSensorReadings,
  spoolSensorReadings,
  flumeIotPaths,
  IOT_FLUME_TOPIC,
  DATALAKE_HDFS_PATH,
  IOT_TOPIC,
  INGEST_CONNECTOR,
  DATALAKE_CONNECTOR,
  type IotPaths,
} from './iot-pipelines';
