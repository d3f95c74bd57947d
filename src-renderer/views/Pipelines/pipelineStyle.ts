export const stateColor: Record<string, string> = {
  running: 'green',
  paused: 'yellow',
  stopped: 'gray',
  failed: 'red',
  starting: 'blue',
  stopping: 'orange',
  unknown: 'dark',
};
