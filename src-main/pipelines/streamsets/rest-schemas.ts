import { z } from 'zod';

// Wire format: only the fields this adapter reads; SDC adds fields between versions.

const meterSchema = z.object({ count: z.number(), m1_rate: z.number() });

/** Dropwizard registry JSON; the pipeline totals are the meters SDC's own UI reads. */
export const sdcMetricsSchema = z.object({
  meters: z
    .object({
      'pipeline.batchInputRecords.meter': meterSchema.optional(),
      'pipeline.batchOutputRecords.meter': meterSchema.optional(),
      'pipeline.batchErrorRecords.meter': meterSchema.optional(),
    })
    .optional(),
});
export type SdcMetrics = z.infer<typeof sdcMetricsSchema>;

// PipelineState.metrics is the registry JSON-encoded a second time, inside the JSON.
const metricsStringSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'metrics is not a JSON document' });
      return z.NEVER;
    }
  })
  .pipe(sdcMetricsSchema);

export const sdcPipelineStateSchema = z.object({
  pipelineId: z.string(),
  // Kept as text: a status this adapter does not know becomes 'unknown', not a parse failure.
  status: z.string(),
  message: z.string().nullish(),
  user: z.string().nullish(),
  timeStamp: z.number().nullish(),
  attributes: z.record(z.string(), z.unknown()).nullish(),
  executionMode: z.string().nullish(),
  metrics: metricsStringSchema.nullish(),
  retryAttempt: z.number().nullish(),
  nextRetryTimeStamp: z.number().nullish(),
});
export type SdcPipelineState = z.infer<typeof sdcPipelineStateSchema>;

const sdcPipelineInfoSchema = z.object({
  pipelineId: z.string(),
  title: z.string().nullish(),
  description: z.string().nullish(),
});
export type SdcPipelineInfo = z.infer<typeof sdcPipelineInfoSchema>;

/** `GET /pipelines?includeStatus=true`: `[[PipelineInfo…], [PipelineState…]]`. */
export const listingSchema = z.tuple([z.array(sdcPipelineInfoSchema), z.array(sdcPipelineStateSchema)]);

const stageSchema = z.object({
  instanceName: z.string(),
  stageName: z.string(),
  uiInfo: z.record(z.string(), z.unknown()).nullish(),
});
export type SdcStage = z.infer<typeof stageSchema>;

// Stage `configuration` is deliberately not read: it holds credentials in the clear.
export const definitionSchema = z.object({
  title: z.string().nullish(),
  description: z.string().nullish(),
  stages: z.array(stageSchema),
});
export type SdcDefinition = z.infer<typeof definitionSchema>;

// `stackTrace` is left out on purpose: zod drops it, so it cannot reach a message.
export const remoteExceptionSchema = z.object({
  RemoteException: z.object({
    errorCode: z.string().nullish(),
    localizedMessage: z.string().nullish(),
    message: z.string().nullish(),
    javaClassName: z.string().nullish(),
  }),
});
export const forbiddenSchema = z.object({ allowed: z.array(z.string()) });
const issueSchema = z.object({ instanceName: z.string().nullish(), message: z.string() });
export const issuesSchema = z.object({
  pipelineIssues: z.array(issueSchema),
  stageIssues: z.record(z.string(), z.array(issueSchema)),
  issueCount: z.number(),
});
