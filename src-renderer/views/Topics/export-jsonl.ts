import type { BrowseResult } from '../../../src-main/api/contract';

/**
 * The messages shown, as JSON Lines: one message a line, in the shape `kcc messages.browse … --jsonl` prints (partition,
 * offset, timestamp, key and value as rendered, headers), so a file from the UI and one from the CLI read alike.
 */
export function toJsonl(messages: BrowseResult['messages']): string {
  return messages.map((m) => `${JSON.stringify(m)}\n`).join('');
}

/** Saves the messages as `<topic>[-page-N].jsonl` through a temporary object URL (a download, no server round trip). */
export function downloadJsonl(topic: string, page: number, messages: BrowseResult['messages']): void {
  const url = URL.createObjectURL(new Blob([toJsonl(messages)], { type: 'application/x-ndjson' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${topic}${page > 1 ? `-page-${page}` : ''}.jsonl`;
  document.body.append(a);
  a.click();
  a.remove();
  // The click has started the download by now; the URL is not needed afterwards.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
