import { z } from 'zod';

/**
 * Flume's HTTP monitoring (`-Dflume.monitoring.type=http`, `GET /metrics`): one object per component, keyed
 * `SOURCE.<name>`, `CHANNEL.<name>`, `SINK.<name>`, whose counters are all JSON strings ("3000", "0.3",
 * "true"), as Flume 1.11 answers (recorded in fixtures/). Unknown counters are kept: each component type
 * has its own (KafkaEventSendTimer, EventWriteFail…).
 */
const counterText = z.string();

export const flumeComponentSchema = z
  .object({
    Type: z.enum(['SOURCE', 'CHANNEL', 'SINK', 'CHANNEL_PROCESSOR', 'OTHER']),
  })
  .catchall(counterText);

export const flumeMetricsSchema = z.record(z.string().regex(/^[A-Z_]+\..+$/, 'expected TYPE.name'), flumeComponentSchema);

export type FlumeComponent = z.infer<typeof flumeComponentSchema>;
export type FlumeMetrics = z.infer<typeof flumeMetricsSchema>;
