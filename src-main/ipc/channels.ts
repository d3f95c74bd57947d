/** IPC channel names shared by the main-process binding and the preload. */
export const CALL_CHANNEL = 'kcc:call';
export const EVENT_CHANNEL = 'kcc:event';
