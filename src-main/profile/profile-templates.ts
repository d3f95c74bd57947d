import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parseProfile } from './parse-profile';

export interface ProfileTemplate {
  name: string;
  description: string;
  yaml: string;
}

/**
 * The example profiles shipped with the app. Only those that validate are offered: a template that cannot be saved
 * as it is would teach the wrong thing.
 */
export async function readTemplates(dir: string): Promise<ProfileTemplate[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    // A build without the examples offers none; the editor still starts from its blank draft.
    return [];
  }
  const out: ProfileTemplate[] = [];
  for (const n of names) {
    const yaml = await readFile(join(dir, n), 'utf8');
    const parsed = parseProfile(yaml, n);
    if (!parsed.ok) continue;
    out.push({ name: basename(n, extname(n)), description: parsed.profile.description ?? parsed.profile.name, yaml });
  }
  return out;
}
