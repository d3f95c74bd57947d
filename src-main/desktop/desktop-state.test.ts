import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeWindow, readDesktopState, writeDesktopState } from './desktop-state';
import { startupProfile, desktopPaths } from './desktop-options';
import { userDataDir } from '../common/app-dirs';

const defaults = { width: 1360, height: 860, minWidth: 960, minHeight: 600 };
const laptop = { x: 0, y: 0, width: 1440, height: 877 };
const monitor = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('window placement', () => {
  it('opens where it was closed, on the screen it was on', () => {
    expect(placeWindow({ x: 1600, y: 100, width: 1800, height: 1000, maximized: false }, [laptop, monitor], defaults)).toEqual({
      x: 1600,
      y: 100,
      width: 1800,
      height: 1000,
      maximized: false,
    });
  });

  it('comes back onto the laptop when the monitor it was on is gone, sized to fit', () => {
    const placed = placeWindow({ x: 1600, y: 100, width: 1800, height: 1000, maximized: true }, [laptop], defaults);
    expect(placed).toEqual({ width: 1440, height: 877, maximized: true });
  });

  it('pulls a window hanging off an edge back inside, and keeps the minimum size', () => {
    expect(placeWindow({ x: 1200, y: -10, width: 500, height: 300, maximized: false }, [laptop], defaults)).toEqual({
      x: 480,
      y: 0,
      width: 960,
      height: 600,
      maximized: false,
    });
  });

  it('opens at the default size the first time', () => {
    expect(placeWindow(undefined, [laptop], defaults)).toEqual({ width: 1360, height: 860, maximized: false });
  });
});

describe('desktop state file', () => {
  it('reads back what it wrote, and a damaged file as a first run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kcc-desktop-'));
    try {
      const file = join(dir, 'sub', 'desktop-state.json');
      await writeDesktopState(file, { lastProfile: '/p/a.yaml', window: { x: 1, y: 2, width: 1000, height: 700, maximized: false } });
      expect(await readDesktopState(file)).toEqual({
        lastProfile: '/p/a.yaml',
        window: { x: 1, y: 2, width: 1000, height: 700, maximized: false },
      });
      await writeFile(file, '{"window": {"x": "left"}');
      expect(await readDesktopState(file)).toEqual({});
      await writeFile(file, '{"window": {"x": "left"}}');
      expect(await readDesktopState(file)).toEqual({});
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('which profile the desktop app opens', () => {
  const exists = (p: string) => p === '/u/profiles/b.yaml';
  it('is the one named on the command line, then $KCC_PROFILE, then the last one selected if it still exists', () => {
    const state = { lastProfile: '/u/profiles/b.yaml' };
    expect(startupProfile(['electron', '.', '--profile', '/x.yaml'], { KCC_PROFILE: '/y.yaml' }, state, exists)).toEqual({
      profileFile: '/x.yaml',
    });
    expect(startupProfile(['electron', '.'], { KCC_PROFILE: '/y.yaml' }, state, exists)).toEqual({ profileFile: '/y.yaml' });
    expect(startupProfile(['electron', '.'], {}, state, exists)).toEqual({ initialProfile: '/u/profiles/b.yaml' });
    expect(startupProfile(['electron', '.'], {}, { lastProfile: '/u/profiles/deleted.yaml' }, exists)).toEqual({});
  });

  it('keeps profiles, state and secrets under the user-data folder, which web mode and kcc compute alike', () => {
    expect(desktopPaths('/home/u/.config/Kafka Control Center', {})).toEqual({
      profileDir: '/home/u/.config/Kafka Control Center/profiles',
      stateFile: '/home/u/.config/Kafka Control Center/desktop-state.json',
      secretsFile: '/home/u/.config/Kafka Control Center/secrets.json',
    });
    expect(userDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/Kafka Control Center');
    expect(userDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/u')).toBe('/xdg/Kafka Control Center');
    expect(userDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Kafka Control Center');
    expect(userDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toContain('Kafka Control Center');
  });
});
