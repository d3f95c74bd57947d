import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
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
  options.ipcMain.handle(CALL_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, input: unknown): Promise<Result<unknown>> => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !options.isTrustedUrl(frame.url)) {
      return { ok: false, error: { code: 'unauthorized', message: 'Call refused: it does not come from the app window.' } };
    }
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'invalid_input', message: 'Method name must be a string', field: 'method' } };
    }
    return options.router.call(method, input);
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
      for (const d of detachers.splice(0)) d();
    },
  };
}
