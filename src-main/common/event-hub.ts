/** One `{ name, payload }` value for each event name of a payload map. */
export type EventOf<Payloads> = { [E in keyof Payloads & string]: { name: E; payload: Payloads[E] } }[keyof Payloads & string];

/**
 * Fan-out of main-process events to the bindings' subscribers. Generic over the
 * payload map so that this bottom layer knows no event of ours; the app's map
 * is `events/schemas.ts`.
 */
export class EventHub<Payloads extends Record<string, unknown>> {
  private readonly listeners = new Set<(event: EventOf<Payloads>) => void>();

  emit<E extends keyof Payloads & string>(name: E, payload: Payloads[E]): void {
    const event = { name, payload } as EventOf<Payloads>;
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One broken subscriber (a closed socket, a destroyed window) must not stop the others.
      }
    }
  }

  subscribe(listener: (event: EventOf<Payloads>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}
