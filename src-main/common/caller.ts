/**
 * Who made a call: the connection (an Electron window's page, a web client's
 * WebSocket) whose end must end what the call started, such as a log follow.
 */
export interface Caller {
  readonly id: string;
  /**
   * A terminal (`kcc --attach`) rather than a page: what it starts ends with it, load runs included, so Ctrl-C
   * leaves nothing running. A page's load run outlives a reload, and the user comes back to its chart.
   */
  readonly terminal: boolean;
  /** Runs `listener` once when the connection ends (at once if it already has); returns an unsubscribe. */
  onClose(listener: () => void): () => void;
}

export class CallerConnection implements Caller {
  private readonly listeners = new Set<() => void>();
  private closed = false;
  /** Set by the binding once it knows the connection is a terminal's. */
  terminal: boolean;

  constructor(
    readonly id: string,
    options: { terminal?: boolean } = {},
  ) {
    this.terminal = options.terminal ?? false;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  onClose(listener: () => void): () => void {
    if (this.closed) {
      listener();
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const l of listeners) {
      try {
        l();
      } catch {
        // One owner's cleanup failing must not keep the others' resources open.
      }
    }
  }
}
