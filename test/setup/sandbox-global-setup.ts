import type { TestProject } from 'vitest/node';
import { sandboxUp } from '../../sandbox/index';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of the sandbox's profile.yaml (validated by up). */
    sandboxProfile: string;
  }
}

/**
 * Vitest globalSetup of the integration and e2e projects: brings the sandbox
 * up once (keeping a running one: up is idempotent) and hands the profile path
 * to tests as inject('sandboxProfile') and as $KCC_SANDBOX_PROFILE.
 *
 * No teardown on purpose: starting the cluster costs ~25 s, so it stays up for
 * the next project and the next run; the lifecycle project tears it down.
 */
export default async function setup(project: TestProject): Promise<void> {
  const log = (line: string): void => {
    process.stdout.write(`[sandbox] ${line}\n`);
  };
  const result = await sandboxUp({ log });
  log(
    `up in ${(result.totalMs / 1000).toFixed(1)} s (started ${result.started.length}, kept ${result.kept.length}); profile ${result.profilePath}`,
  );
  process.env.KCC_SANDBOX_PROFILE = result.profilePath;
  project.provide('sandboxProfile', result.profilePath);
}
