import type { MethodOutput } from '../../../src-main/api/contract';
import type { AppError } from '../../../src-main/common/errors';

export type ConfigEntry = MethodOutput<'topics.configs'>[number];
export type ConfigSource = ConfigEntry['source'];

/** How each source reads in the table: what a Kafka operator calls it, and a colour that tells overrides from defaults. */
export const sourceLabels: Record<ConfigSource, { label: string; color: string; override: boolean }> = {
  DYNAMIC_TOPIC_CONFIG: { label: 'topic override', color: 'blue', override: true },
  DYNAMIC_BROKER_LOGGER_CONFIG: { label: 'broker logger', color: 'cyan', override: true },
  DYNAMIC_BROKER_CONFIG: { label: 'this broker (dynamic)', color: 'grape', override: true },
  DYNAMIC_DEFAULT_BROKER_CONFIG: { label: 'all brokers (dynamic)', color: 'violet', override: true },
  STATIC_BROKER_CONFIG: { label: 'server.properties', color: 'teal', override: false },
  DEFAULT_CONFIG: { label: 'Kafka default', color: 'gray', override: false },
  UNKNOWN: { label: 'unknown', color: 'gray', override: false },
};

/** The broker's reason per refused config, carried in an invalid_input error's details (see kafka/configs.ts). */
export function configErrorsOf(error: AppError | undefined): Record<string, string> {
  const raw = error?.details?.configErrors;
  if (typeof raw !== 'object' || raw === null) return {};
  return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
