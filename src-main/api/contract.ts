import type { z } from 'zod';
import type { Caller } from '../common/caller';
import { appMethods, appInfoSchema } from './methods/app';
import { profileMethods } from './methods/profile';
import { hostsMethods } from './methods/hosts';
import { servicesMethods } from './methods/services';
import { clusterMethods } from './methods/cluster';
import { kafkaMethods } from './methods/kafka';
import { healthMethods } from './methods/health';
import { logsMethods } from './methods/logs';
import { workloadsMethods } from './methods/workloads';
import { pipelinesMethods } from './methods/pipelines';
import { datalakeMethods } from './methods/datalake';
import { reassignmentMethods } from './methods/reassignment';
import type { hostCheckSchema } from '../hosts/schemas';
import type { operationSchema, serviceStatusSchema } from '../services/schemas';
import type { clusterStateSchema, partitionStateViewSchema, znodeSchema } from '../zookeeper/schemas';
import type { browseResultSchema, groupDetailSchema } from '../kafka/schemas';
import type { findingSchema } from '../health/schemas';
import type { verifyResultSchema, workloadRunSchema } from '../workloads/schemas';
import type { pipelineDetailSchema, pipelineViewSchema } from '../pipelines/schemas';
import type { lakeCountSchema, lakeHeadSchema, lakeListingSchema, landedVsProducedSchema, landingSchema } from '../datalake/schemas';
import type { profileSummarySchema, profileViewSchema, validationReportSchema } from '../profile/schemas';
import type { logFileSchema } from '../logs/schemas';

/**
 * The one API contract. Every method the renderer, the web binding and the CLI
 * can call is declared once, in the file of its domain under methods/, with a
 * zod schema for its input and one for its output; the bindings loop over this
 * object, they never list methods by hand. It sees only the domains' wire
 * schemas (pure zod), never a client library. The renderer imports only types
 * from this file.
 */
export const contract = {
  ...appMethods,
  ...profileMethods,
  ...hostsMethods,
  ...servicesMethods,
  ...clusterMethods,
  ...kafkaMethods,
  ...healthMethods,
  ...logsMethods,
  ...workloadsMethods,
  ...pipelinesMethods,
  ...datalakeMethods,
  ...reassignmentMethods,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.infer<Contract[M]['output']>;
export const methodNames = Object.keys(contract) as MethodName[];

/** The handlers of one group of methods (a domain's `...Methods` object), or of the whole contract. */
export type HandlersFor<Methods extends Record<string, { input: z.ZodType; output: z.ZodType }>> = {
  /** `caller`: the connection the call came over, for what must end with it (log follows). */
  [M in keyof Methods]: (input: z.output<Methods[M]['input']>, caller?: Caller) => Promise<z.infer<Methods[M]['output']>>;
};

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export { appInfoSchema };
export type AppInfo = z.infer<typeof appInfoSchema>;
export type ProfileSummary = z.infer<typeof profileSummarySchema>;
export type ProfileView = z.infer<typeof profileViewSchema>;
export type HostCheck = z.infer<typeof hostCheckSchema>;
export type Operation = z.infer<typeof operationSchema>;
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;
export type ClusterState = z.infer<typeof clusterStateSchema>;
export type PartitionStateView = z.infer<typeof partitionStateViewSchema>;
export type Znode = z.infer<typeof znodeSchema>;
export type GroupDetail = z.infer<typeof groupDetailSchema>;
export type BrowseResult = z.infer<typeof browseResultSchema>;
export type Finding = z.infer<typeof findingSchema>;
export type WorkloadRun = z.infer<typeof workloadRunSchema>;
export type VerifyResult = z.infer<typeof verifyResultSchema>;
export type PipelineView = z.infer<typeof pipelineViewSchema>;
export type PipelineDetail = z.infer<typeof pipelineDetailSchema>;
export type ValidationReport = z.infer<typeof validationReportSchema>;
export type LogFile = z.infer<typeof logFileSchema>;
export type Landing = z.infer<typeof landingSchema>;
export type LakeListing = z.infer<typeof lakeListingSchema>;
export type LakeHead = z.infer<typeof lakeHeadSchema>;
export type LakeCount = z.infer<typeof lakeCountSchema>;
export type LandedVsProduced = z.infer<typeof landedVsProducedSchema>;
