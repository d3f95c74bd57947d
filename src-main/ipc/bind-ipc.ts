import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CallerConnection } from '../common/caller';
import type { AppEventHub } from '../events/schemas';
import type { Router } from '../api/router';
import type { Result } from '../common/errors';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

export interface IpcBindingOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  router: Router;
  events: AppEventHub;
  /** Whether a frame URL is the app's own renderer (and not some navigated-to page). */
  isTrustedUrl: (url: string) => boolean;
}

/**
 * Electron binding of the contract: one invoke channel carrying (method, input),
 * routed through the same router as web mode. Calls from any frame that is not
 * the app's own top-level renderer are refused.
 */
export function bindIpc(options: IpcBindingOptions): { attach(contents: WebContents): void; dispose(): void } {
  const detachers: Array<() => void> = [];
  // One caller per loaded page: a reload or a closed window ends what the page started (log follows).
  const pages = new Map<number, CallerConnection>();
  function callerOf(sender: WebContents | undefined): CallerConnection | undefined {
    if (!sender) return undefined;
    const known = pages.get(sender.id);
    if (known) return known;
    const page = new CallerConnection(`window-${sender.id}-${Date.now()}`);
    pages.set(sender.id, page);
    const end = () => {
      sender.removeListener('did-navigate', end);
      sender.removeListener('destroyed', end);
      if (pages.get(sender.id) === page) pages.delete(sender.id);
      page.close();
    };
    // A main-frame navigation (reload included) replaces the page; in-page navigations do not fire did-navigate.
    sender.once('did-navigate', end);
    sender.once('destroyed', end);
    return page;
  }
  options.ipcMain.handle(CALL_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, input: unknown): Promise<Result<unknown>> => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !options.isTrustedUrl(frame.url)) {
      return { ok: false, error: { code: 'unauthorized', message: 'Call refused: it does not come from the app window.' } };
    }
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'invalid_input', message: 'Method name must be a string', field: 'method' } };
    }
    return options.router.call(method, input, callerOf(event.sender));
  });
  return {
    attach(contents) {
      const unsubscribe = options.events.subscribe((e) => {
        if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, e);
      });
      contents.once('destroyed', unsubscribe);
      detachers.push(unsubscribe);
    },
    dispose() {
      options.ipcMain.removeHandler(CALL_CHANNEL);
      for (const page of pages.values()) page.close();
      pages.clear();
      for (const d of detachers.splice(0)) d();
    },
  };
}
