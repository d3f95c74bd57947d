/**
 * A secret for the CLI, read where `ps` and shell history cannot see it: the
 * first line of stdin when it is piped, or typed at a prompt without echo when
 * stdin is a terminal.
 */
export interface SecretInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?: (raw: boolean) => unknown;
}

export async function readSecret(stdin: SecretInput, prompt: Pick<NodeJS.WritableStream, 'write'>, label: string): Promise<string> {
  if (stdin.isTTY && stdin.setRawMode) return readFromTerminal(stdin, prompt, label);
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

function readFromTerminal(stdin: SecretInput, prompt: Pick<NodeJS.WritableStream, 'write'>, label: string): Promise<string> {
  prompt.write(`${label}: `);
  stdin.setRawMode?.(true);
  stdin.resume();
  let typed = '';
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      prompt.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new Error('Cancelled.'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}
