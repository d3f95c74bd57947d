import { LineCounter, parseDocument, isNode } from 'yaml';
import type { AppError } from '../common/errors';
import { formatPath } from '../common/errors';
import { profileSchema, type Profile } from './schemas';

export type ProfileParse = { ok: true; profile: Profile } | { ok: false; errors: AppError[] };

/**
 * Parses profile YAML and validates it, pointing every problem at its field and
 * line so a user can fix a hand-edited file without guessing.
 */
export function parseProfile(text: string, fileLabel = 'profile'): ProfileParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const line = lineCounter.linePos(e.pos[0]).line;
        return {
          code: 'invalid_profile' as const,
          message: `${fileLabel}${line ? ` line ${line}` : ''}: YAML syntax error: ${firstLine(e.message)}`,
          ...(line ? { line } : {}),
          hint: 'Check indentation and quoting around that line.',
        };
      }),
    };
  }
  let data: unknown;
  try {
    // toJS resolves aliases: one without its anchor throws, and a nest of aliases past the limit is refused.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return {
      ok: false,
      errors: [
        {
          code: 'invalid_profile',
          message: `${fileLabel}: YAML cannot be read: ${firstLine(err instanceof Error ? err.message : String(err))}`,
          hint: 'Check the anchors (&name) and aliases (*name) in the file.',
        },
      ],
    };
  }
  const result = profileSchema.safeParse(data);
  if (result.success) return { ok: true, profile: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => {
      const field = formatPath(issue.path);
      const line = lineOf(doc, lineCounter, issue.path);
      return {
        code: 'invalid_profile' as const,
        message: `${fileLabel}${line ? ` line ${line}` : ''}: ${field || '(top level)'}: ${issue.message}`,
        ...(field ? { field } : {}),
        ...(line ? { line } : {}),
      };
    }),
  };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

/** Line of the deepest node that exists along the path (a missing key points at its parent). */
function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: ReadonlyArray<PropertyKey>): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const keys = path.slice(0, depth).map((k) => (typeof k === 'symbol' ? String(k) : k));
    const node = depth === 0 ? doc.contents : doc.getIn(keys, true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}
