import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/** What the desktop app remembers between runs, in one small file under its user-data folder. */
export const desktopStateSchema = z.object({
  window: z
    .object({
      x: z.number().int(),
      y: z.number().int(),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      maximized: z.boolean().default(false),
    })
    .optional(),
  lastProfile: z.string().min(1).optional(),
});
export type DesktopState = z.infer<typeof desktopStateSchema>;
export type WindowBounds = NonNullable<DesktopState['window']>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A missing or damaged file is a first run: the app must start whatever is in it. */
export async function readDesktopState(file: string): Promise<DesktopState> {
  try {
    const parsed = desktopStateSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export async function writeDesktopState(file: string, state: DesktopState): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(desktopStateSchema.parse(state), null, 2), { mode: 0o600 });
  await rename(tmp, file);
}

/**
 * Where to open the window: where it was, if enough of its title bar is still on one of today's screens (a monitor
 * may have been unplugged), sized to fit that screen; else centred at the default size, fitted to the first screen.
 */
export function placeWindow(
  saved: WindowBounds | undefined,
  workAreas: readonly Rect[],
  defaults: { width: number; height: number; minWidth: number; minHeight: number },
): { x?: number; y?: number; width: number; height: number; maximized: boolean } {
  const fit = (size: number, min: number, max: number) => Math.max(Math.min(size, max), Math.min(min, max));
  const titleBar = (b: Rect): Rect => ({ x: b.x, y: b.y, width: b.width, height: Math.min(b.height, 32) });
  const overlap = (a: Rect, b: Rect) =>
    Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
    Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  if (saved) {
    const screen = workAreas.find((area) => overlap(titleBar(saved), area) >= 100 * Math.min(saved.height, 32));
    if (screen) {
      const width = fit(saved.width, defaults.minWidth, screen.width);
      const height = fit(saved.height, defaults.minHeight, screen.height);
      // Pulled back inside the screen it is on, so no edge opens out of reach.
      const x = Math.min(Math.max(saved.x, screen.x), screen.x + screen.width - width);
      const y = Math.min(Math.max(saved.y, screen.y), screen.y + screen.height - height);
      return { x, y, width, height, maximized: saved.maximized };
    }
  }
  const first = workAreas[0];
  const size = saved ?? defaults;
  return {
    width: first ? fit(size.width, defaults.minWidth, first.width) : size.width,
    height: first ? fit(size.height, defaults.minHeight, first.height) : size.height,
    maximized: saved?.maximized ?? false,
  };
}
