import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { createAppCore, type AppCore, type AppCoreOptions } from '../../src-main/core/app-core';
import type { MethodInput, MethodName, MethodOutput } from '../../src-main/api/contract';
import type { AppError } from '../../src-main/common/errors';
import type { ProfileInput } from '../../src-main/profile/schemas';
import { sandboxProfilePath } from '../setup/sandbox-fixture';

/** The app core on a profile, called exactly as the bindings call it (through the router). */
export class AppHarness {
  readonly core: AppCore;
  constructor(profileFile: string, options: Partial<Pick<AppCoreOptions, 'mode' | 'secrets'>> = {}) {
    this.core = createAppCore({ mode: 'cli', profileFile, profileDir: mkdtempSync(join(tmpdir(), 'kcc-empty-')), ...options });
  }

  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const r = await this.core.router.call(method, input);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code}: ${r.error.message}`);
    return r.value as MethodOutput<M>;
  }

  async callError<M extends MethodName>(method: M, input: MethodInput<M>): Promise<AppError> {
    const r = await this.core.router.call(method, input);
    if (r.ok) throw new Error(`${method} succeeded but an error was expected`);
    return r.error;
  }

  dispose(): Promise<void> {
    return this.core.dispose();
  }
}

export function sandboxProfileText(): string {
  return readFileSync(sandboxProfilePath(), 'utf8');
}

/** A copy of the sandbox profile with some change, written to a temporary file. */
export function profileVariant(change: (p: ProfileInput) => void): string {
  const profile = parse(sandboxProfileText()) as ProfileInput;
  change(profile);
  const file = join(mkdtempSync(join(tmpdir(), 'kcc-variant-')), 'profile.yaml');
  writeFileSync(file, stringify(profile));
  return file;
}
