import { PRODUCT_NAME } from '../common/app-dirs';

/** The Electron menu roles this menu uses (a subset of MenuItemConstructorOptions['role']). */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'close'
  | 'front';

export interface MenuItem {
  label?: string;
  role?: MenuRole;
  type?: 'separator';
  submenu?: MenuItem[];
}

/**
 * The application menu. Edit's roles are what make copy and paste work in the window's text fields; DevTools
 * (and the reload that bypasses the cache) are for development builds only: in a packaged build they would open
 * the app's internals to anyone at the keyboard.
 */
export function appMenuTemplate(options: { packaged: boolean; platform: NodeJS.Platform }): MenuItem[] {
  const mac = options.platform === 'darwin';
  const sep: MenuItem = { type: 'separator' };
  const menu: MenuItem[] = [];
  if (mac)
    menu.push({
      label: PRODUCT_NAME,
      submenu: [
        { role: 'about' },
        sep,
        { role: 'services' },
        sep,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        sep,
        { role: 'quit' },
      ],
    });
  else menu.push({ label: 'File', submenu: [{ role: 'quit' }] });
  menu.push({
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  menu.push({
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(options.packaged ? [] : [{ role: 'forceReload' } as const, { role: 'toggleDevTools' } as const]),
      sep,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' },
    ],
  });
  menu.push({
    label: 'Window',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, sep, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  });
  if (!mac) menu.push({ label: 'Help', submenu: [{ role: 'about', label: `About ${PRODUCT_NAME}` }] });
  return menu;
}

/** Every role in a template, submenus included (what the tests and a packaged-build check look at). */
export function menuRoles(items: readonly MenuItem[]): MenuRole[] {
  return items.flatMap((i) => [...(i.role ? [i.role] : []), ...menuRoles(i.submenu ?? [])]);
}
