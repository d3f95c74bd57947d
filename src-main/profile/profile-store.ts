import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { AppFailure, fail, type AppError } from '../common/errors';
import type { ProfileSummary } from './schemas';
import { parseProfile } from './parse-profile';
import type { Profile } from './schemas';

export interface ProfileStoreOptions {
  /** Directory of *.yaml profiles (the user's). */
  profileDir: string;
  /** Extra profile files named on the command line or by the sandbox. */
  extraFiles?: ReadonlyArray<{ path: string; source: 'file' | 'sandbox' }>;
  /** Profile to start with; otherwise the first valid one. */
  initial?: string;
  /** What to do when there is no profile at all, in the words of the app the user runs. */
  emptyHint?: string;
  /** Told after the user selected a profile. */
  onSelect?: (path: string) => void;
}

export interface LoadedProfile {
  path: string;
  profile: Profile;
}

/**
 * Knows which profile files exist and which one is active. Files are read on
 * each request: profiles are small and users edit them by hand between calls.
 */
export class ProfileStore {
  private active: string | undefined;
  /** Parsed profiles by path, kept while the file's mtime and size stay the same. */
  private readonly parsed = new Map<string, { mtimeMs: number; size: number; text: string; profile: Profile }>();

  constructor(private readonly options: ProfileStoreOptions) {
    this.active = options.initial ? resolve(options.initial) : undefined;
  }

  get profileDir(): string {
    return this.options.profileDir;
  }

  async list(): Promise<ProfileSummary[]> {
    const files = await this.files();
    const summaries: ProfileSummary[] = [];
    for (const f of files) {
      const loaded = await readProfileFile(f.path);
      summaries.push({
        path: f.path,
        name: loaded.ok ? loaded.profile.name : basename(f.path, extname(f.path)),
        source: f.source,
        active: false,
        ...(loaded.ok ? {} : { error: loaded.error }),
      });
    }
    const activePath = this.active ?? summaries.find((s) => !s.error)?.path;
    for (const s of summaries) s.active = s.path === activePath;
    return summaries;
  }

  /**
   * `path` if it is a profile this store knows (the profile directory's files, the files the app was started with),
   * so an API caller cannot make the app read any file of this machine.
   */
  async knownPath(path: string, field = 'path'): Promise<string> {
    const target = resolve(path);
    if ((await this.files()).some((f) => f.path === target)) return target;
    fail('invalid_input', `${path} is not one of the app's profiles.`, {
      field,
      hint: `Profiles are the YAML files in ${this.options.profileDir} and the file the app was started with (--profile FILE).`,
    });
  }

  async load(path?: string): Promise<LoadedProfile> {
    const target = path ? await this.knownPath(path) : (this.active ?? (await this.list()).find((s) => s.active)?.path);
    if (!target) {
      fail('no_profile', 'No cluster profile is configured.', {
        hint:
          this.options.emptyHint ??
          `Put a profile YAML in ${this.options.profileDir}, start with --profile FILE, or run \`npm run sandbox -- up\`.`,
      });
    }
    // Every API call asks for the active profile: a stat, not a parse, unless the user edited the file.
    const st = await stat(target).catch(() => undefined);
    const cached = this.parsed.get(target);
    if (st && cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return { path: target, profile: cached.profile };
    const loaded = await readProfileFile(target);
    if (!loaded.ok) throw new AppFailure(loaded.error);
    // A file written again with the same text (a tool saving it, `sandbox up`) is the same profile: the session stays.
    const profile = cached && cached.text === loaded.text ? cached.profile : loaded.profile;
    if (st) this.parsed.set(target, { mtimeMs: st.mtimeMs, size: st.size, text: loaded.text, profile });
    return { path: target, profile };
  }

  async select(path: string): Promise<LoadedProfile> {
    const loaded = await this.load(path);
    this.active = loaded.path;
    this.options.onSelect?.(loaded.path);
    return loaded;
  }

  private async files(): Promise<Array<{ path: string; source: ProfileSummary['source'] }>> {
    const out: Array<{ path: string; source: ProfileSummary['source'] }> = [];
    for (const f of this.options.extraFiles ?? []) out.push({ path: resolve(f.path), source: f.source });
    let names: string[] = [];
    try {
      names = await readdir(this.options.profileDir);
    } catch {
      // No profile directory yet is the normal first-run state.
    }
    for (const n of names.sort()) {
      if (/\.ya?ml$/.test(n)) out.push({ path: join(this.options.profileDir, n), source: 'profiles-dir' });
    }
    if (this.active && !out.some((f) => f.path === this.active)) out.unshift({ path: this.active, source: 'file' });
    const seen = new Set<string>();
    return out.filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)));
  }
}

type FileLoad = { ok: true; profile: Profile; text: string } | { ok: false; error: AppError };

export async function readProfileFile(path: string): Promise<FileLoad> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      error: {
        code: code === 'ENOENT' ? 'not_found' : 'invalid_profile',
        message: code === 'ENOENT' ? `Profile file not found: ${path}` : `Cannot read profile ${path}: ${code ?? 'error'}`,
      },
    };
  }
  const parsed = parseProfile(text, basename(path));
  if (parsed.ok) return { ok: true, profile: parsed.profile, text };
  const [first, ...rest] = parsed.errors;
  return {
    ok: false,
    error: {
      ...(first ?? { code: 'invalid_profile', message: `Invalid profile ${path}` }),
      hint: rest.length > 0 ? `${rest.length} more problem(s): ${rest.map((e) => e.message).join('; ')}` : `Fix ${path} and try again.`,
    },
  };
}
