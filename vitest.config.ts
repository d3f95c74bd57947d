import { defineConfig } from 'vitest/config';

// Five projects, run in this order by scripts/test-all.sh:
// unit (pure logic, beside the code), openssh (the SSH layer against throwaway
// sshd hosts of its own on 127.0.0.60-79, OpenSSH's tools as oracles; no
// sandbox), integration and e2e (against the real sandbox cluster, brought up
// once by the global setup), lifecycle (tears the sandbox down and checks
// nothing is left, so it runs last).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src-main/**/*.test.ts', 'src-renderer/**/*.test.{ts,tsx}', 'sandbox/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'openssh',
          include: ['test/openssh/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/sandbox-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/setup/sandbox-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'lifecycle',
          include: ['test/lifecycle/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
