import { z } from 'zod';

/**
 * WebHDFS's JSON as Hadoop 3.4 answers it (recorded from a NameNode in fixtures/); see
 * https://hadoop.apache.org/docs/stable/hadoop-project-dist/hadoop-hdfs/WebHDFS.html. Fields the app does not use
 * are let through: their set differs between Hadoop versions (ecPolicy, snapshotEnabled…).
 */
export const fileStatusSchema = z.looseObject({
  /** The entry's name in LISTSTATUS; empty in GETFILESTATUS of the path itself. */
  pathSuffix: z.string(),
  type: z.enum(['FILE', 'DIRECTORY', 'SYMLINK']),
  length: z.number(),
  /** Milliseconds since the epoch. */
  modificationTime: z.number(),
  owner: z.string(),
  group: z.string(),
  permission: z.string(),
  replication: z.number().optional(),
});

export const getFileStatusSchema = z.object({ FileStatus: fileStatusSchema });
export const listStatusSchema = z.object({ FileStatuses: z.object({ FileStatus: z.array(fileStatusSchema) }) });

/** Every WebHDFS failure: the Java exception's simple name and its message. */
export const remoteExceptionSchema = z.object({
  RemoteException: z.looseObject({
    exception: z.string(),
    javaClassName: z.string().optional(),
    message: z.string().optional(),
  }),
});

export type FileStatus = z.infer<typeof fileStatusSchema>;
export type RemoteException = z.infer<typeof remoteExceptionSchema>['RemoteException'];
