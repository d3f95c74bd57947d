import { findExecutable } from './command';

/**
 * Programs the sandbox runs, with what to install when one is missing. Checked
 * up front so a missing JDK reads as one clear line, not as a broker that
 * never registers.
 */

export interface Tool {
  name: string;
  why: string;
  install: string;
}

export const TOOLS = {
  java: { name: 'java', why: 'runs ZooKeeper, the brokers and Connect', install: 'apt-get install -y openjdk-17-jre-headless' },
  mvn: { name: 'mvn', why: 'fetches the Kafka jars from Maven Central (first run only)', install: 'apt-get install -y maven' },
  sshd: { name: 'sshd', why: 'serves each sandbox host over SSH', install: 'apt-get install -y openssh-server' },
  sshKeygen: { name: 'ssh-keygen', why: 'generates the host and user keys', install: 'apt-get install -y openssh-client' },
  setsid: { name: 'setsid', why: 'detaches the daemons started by bin/*.sh', install: 'apt-get install -y util-linux' },
} satisfies Record<string, Tool>;

export class MissingToolError extends Error {
  constructor(readonly missing: Tool[]) {
    super(
      `missing program${missing.length > 1 ? 's' : ''} for the sandbox:\n` +
        missing.map((t) => `  ${t.name}: ${t.why}; install with: ${t.install}`).join('\n'),
    );
    this.name = 'MissingToolError';
  }
}

/** Resolves each tool to an absolute path, or throws one error naming all missing ones. */
export async function requireTools<K extends keyof typeof TOOLS>(keys: K[]): Promise<Record<K, string>> {
  const found = {} as Record<K, string>;
  const missing: Tool[] = [];
  for (const key of keys) {
    const tool = TOOLS[key];
    // sshd lives in /usr/sbin, which a non-root PATH may lack.
    const path = await findExecutable(tool.name, ['/usr/sbin', '/sbin']);
    if (path === undefined) missing.push(tool);
    else found[key] = path;
  }
  if (missing.length > 0) throw new MissingToolError(missing);
  return found;
}
