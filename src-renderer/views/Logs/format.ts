/** Sizes as `ls -lh` would say them. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

/** Colours told apart in light and dark themes, one per source in the order they were picked. */
export const sourceColors = ['blue', 'teal', 'grape', 'orange', 'cyan', 'pink', 'lime', 'indigo'] as const;

export const levelColors = { ERROR: 'red', WARN: 'yellow', INFO: 'blue', DEBUG: 'gray', TRACE: 'gray' } as const;
