import {
  Badge,
  createTheme,
  darken,
  DEFAULT_THEME,
  Drawer,
  lighten,
  luminance,
  Modal,
  type CSSVariablesResolver,
  type MantineColorsTuple,
} from '@mantine/core';

/** WCAG AA for normal-size text, with a little slack for rounding in the checkers. */
const minContrast = 4.6;

function contrast(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The first shade, walking from `color` towards black (or white), that reads at
 * AA on `background`. Mantine's defaults draw coloured text with shade 6 or 9,
 * which on white is 2.4:1 for green and 3.6:1 for blue.
 */
export function readableOn(color: string, background: string, towards: 'dark' | 'light', min = minContrast): string {
  for (let step = 0; step <= 20; step++) {
    const c = towards === 'dark' ? darken(color, step * 0.05) : lighten(color, step * 0.05);
    if (contrast(c, background) >= min) return c;
  }
  return towards === 'dark' ? '#000' : '#fff';
}

const colors = Object.entries(DEFAULT_THEME.colors) as [string, MantineColorsTuple][];
const lightBody = '#ffffff';
// Cards and inputs in dark mode sit on dark.6, a shade lighter than the body; text readable there is readable on both.
const darkSurface = DEFAULT_THEME.colors.dark[6];

/**
 * Coloured text, outlines and "light" variants readable in both schemes: the
 * same hues as Mantine's, darkened (light scheme) or lightened (dark scheme)
 * just enough to reach AA.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => {
  // Placeholders drawn as elements (a date picker's empty value) are text axe measures: as readable as dimmed text.
  const light: Record<string, string> = {
    '--mantine-color-dimmed': DEFAULT_THEME.colors.gray[7],
    '--mantine-color-placeholder': DEFAULT_THEME.colors.gray[7],
  };
  const dark: Record<string, string> = {
    '--mantine-color-dimmed': DEFAULT_THEME.colors.dark[1],
    '--mantine-color-placeholder': DEFAULT_THEME.colors.dark[1],
  };
  for (const [name, shades] of colors) {
    if (name === 'dark') continue;
    const onWhite = readableOn(shades[8], lightBody, 'dark');
    light[`--mantine-color-${name}-text`] = onWhite;
    light[`--mantine-color-${name}-outline`] = onWhite;
    // Against the hover shade, the darker of the two "light" backgrounds, and with room for
    // the 0.9 opacity an active NavLink gives its description.
    light[`--mantine-color-${name}-light-color`] = readableOn(shades[9], shades[2], 'dark', 5.6);
    const onDark = readableOn(shades[4], darkSurface, 'light');
    dark[`--mantine-color-${name}-text`] = onDark;
    dark[`--mantine-color-${name}-outline`] = onDark;
  }
  return { variables: {}, light, dark };
};

export const theme = createTheme({
  // Filled buttons and badges take shade 8, and autoContrast picks black or white
  // text by luminance. 0.18 is where white and black reach the same contrast on a
  // colour, so the pick always reads at AA with Mantine's palette at shade 8
  // (the default 0.3 leaves white on green at 3.5:1).
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  luminanceThreshold: 0.18,
  components: {
    // A badge's label clips its overflow, so a table column could squeeze it to "REGIST…"; a
    // state badge is short and must read whole.
    Badge: Badge.extend({ styles: { root: { minWidth: 'max-content' } } }),
    // Their close buttons are icons; a screen reader needs a name for them. Not "Close": several dialogs have a
    // Close button of their own, and two buttons of one name in a dialog are ambiguous to a listener.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } }),
  },
});
