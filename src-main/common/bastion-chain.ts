/**
 * The hosts a connection goes through, from the host itself to the first hop.
 * A loop (a reaches SSH through b, b through a) can never connect: each hop
 * waits for the other forever, so it is found here, before anything dials.
 */
export interface BastionLink {
  id: string;
  bastion?: string | undefined;
}

/** The loop reached from `start`, as a path that ends where it closes (`a → b → a`), or undefined. */
export function bastionLoop(hosts: ReadonlyArray<BastionLink>, start: string): string[] | undefined {
  const byId = new Map(hosts.map((h) => [h.id, h]));
  const path: string[] = [];
  let id: string | undefined = start;
  while (id !== undefined) {
    if (path.includes(id)) return [...path.slice(path.indexOf(id)), id];
    path.push(id);
    id = byId.get(id)?.bastion;
  }
  return undefined;
}

export function describeLoop(loop: ReadonlyArray<string>): string {
  return `bastion loop: ${loop.join(' → ')}; one of these hosts must be reachable without going through the others`;
}
