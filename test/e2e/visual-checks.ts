import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** One thing the visual gate objects to, with enough to find it on the page. */
export interface VisualFinding {
  kind: 'clipped' | 'truncated' | 'overflowing' | 'overlap' | 'axe' | 'console';
  what: string;
  detail: string;
}

/**
 * Controls whose text must be shown whole. Table cells are left out on purpose:
 * a long config value or message cut with an ellipsis inside a scrolling table is
 * a choice, a clipped button or state badge is a defect.
 */
const controlSelector = [
  'button',
  'label',
  '[role="tab"]',
  '.mantine-Badge-root',
  '.mantine-Badge-label',
  '.mantine-Button-label',
  '.mantine-SegmentedControl-label',
  '.mantine-InputWrapper-label',
  '.mantine-NavLink-label',
  'input[readonly]',
].join(',');

/** Text that sits beside other text; two of them drawn over each other is the overlap we look for. */
const labelSelector = [
  'label',
  '.mantine-InputWrapper-label',
  '.mantine-Badge-label',
  '.mantine-Button-label',
  '.mantine-SegmentedControl-label',
  '[role="tab"]',
  'th',
  'legend',
].join(',');

/**
 * Runs inside the page, so it may use nothing from this module's scope: Playwright
 * serialises the function's source text.
 */
function inspectLayout(args: { controls: string; labels: string }): VisualFinding[] {
  const out: VisualFinding[] = [];
  const describe = (el: Element): string => {
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
    const value = el instanceof HTMLInputElement ? el.value : '';
    const cls = [...el.classList].find((c) => c.startsWith('mantine-')) ?? '';
    return `<${el.tagName.toLowerCase()}${cls ? ` .${cls}` : ''}> "${text || value}"`;
  };
  const visible = (el: Element): boolean => {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  // Screen-reader-only text is a 1px box on purpose.
  const srOnly = (el: Element): boolean => {
    const r = el.getBoundingClientRect();
    return r.width <= 1 || r.height <= 1;
  };

  // With a drawer or dialog open, the page behind it is covered: only the dialog's own layout counts.
  const dialogs = [...document.querySelectorAll('[role="dialog"]')].filter(visible);
  const root: ParentNode = dialogs.at(-1) ?? document;

  for (const el of root.querySelectorAll<HTMLElement>(args.controls)) {
    if (!visible(el) || srOnly(el)) continue;
    const style = getComputedStyle(el);
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
      // Content past a visible-overflow box is drawn over its neighbours; past a hidden one it is cut.
      const kind = style.textOverflow === 'ellipsis' ? 'truncated' : /(hidden|clip)/.test(style.overflowX) ? 'clipped' : 'overflowing';
      out.push({ kind, what: describe(el), detail: `content ${el.scrollWidth}px wide in a ${el.clientWidth}px box` });
      continue;
    }
    // A control wider than the card or cell that holds it is cut at that box's
    // edge; a scrolling box is fine, its content can be scrolled to.
    const r = el.getBoundingClientRect();
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (/(auto|scroll)/.test(s.overflowX + s.overflowY)) break;
      if (!/(hidden|clip)/.test(s.overflowX + s.overflowY)) continue;
      const b = a.getBoundingClientRect();
      const cutX = /(hidden|clip)/.test(s.overflowX) && (r.right > b.right + 1 || r.left < b.left - 1);
      const cutY = /(hidden|clip)/.test(s.overflowY) && (r.bottom > b.bottom + 1 || r.top < b.top - 1);
      // A box of no height or width is a collapsed section, hiding its content on purpose.
      const collapsed = b.width < 2 || b.height < 2;
      if ((cutX || cutY) && !collapsed) {
        out.push({ kind: 'clipped', what: describe(el), detail: `cut by the edge of ${describe(a)}` });
        break;
      }
    }
  }

  // The drawn extent of each label's text, which may run past its own box.
  const boxes: { el: Element; rect: DOMRect }[] = [];
  for (const el of root.querySelectorAll(args.labels)) {
    if (!visible(el) || srOnly(el) || !(el.textContent ?? '').trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(el);
    for (const rect of range.getClientRects()) if (rect.width > 0.5 && rect.height > 0.5) boxes.push({ el, rect });
  }
  const seen = new Set<string>();
  for (const [i, p] of boxes.entries()) {
    for (const q of boxes.slice(i + 1)) {
      if (p.el === q.el || p.el.contains(q.el) || q.el.contains(p.el)) continue;
      const w = Math.min(p.rect.right, q.rect.right) - Math.max(p.rect.left, q.rect.left);
      const h = Math.min(p.rect.bottom, q.rect.bottom) - Math.max(p.rect.top, q.rect.top);
      // A pixel or two is anti-aliasing and line-height slack, not text over text.
      if (w > 2 && h > 2) {
        const key = `${describe(p.el)}|${describe(q.el)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ kind: 'overlap', what: describe(p.el), detail: `drawn over ${describe(q.el)} (${Math.round(w)}×${Math.round(h)}px)` });
      }
    }
  }
  return out;
}

/** Clipped or truncated controls and overlapping labels on the page as it is now. */
export async function findLayoutProblems(page: Page): Promise<VisualFinding[]> {
  return page.evaluate(inspectLayout, { controls: controlSelector, labels: labelSelector });
}

/**
 * Parts drawn by libraries we embed, whose markup we do not write. Each is left
 * out for a reason that is theirs, not ours.
 */
const axeExclusions = [
  // React Flow's "React Flow" attribution link: its own small grey text on a
  // translucent panel; the licence asks it to stay, its styling is the library's.
  '.react-flow__attribution',
];

/** axe-core's serious and critical violations, colour contrast included; all rules, or only those named. */
export async function findAccessibilityProblems(page: Page, rules?: string[]): Promise<VisualFinding[]> {
  let builder = new AxeBuilder({ page });
  if (rules) builder = builder.withRules(rules);
  // With a drawer or dialog open, the page behind it was checked in a state of its own: only the dialog is new.
  if (await page.locator('[role="dialog"]:visible').count()) builder = builder.include('[role="dialog"]');
  for (const selector of axeExclusions) builder = builder.exclude(selector);
  // Only violations: collecting the passes' details doubles axe's time on a big page.
  const result = await builder.options({ resultTypes: ['violations'] }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.slice(0, 5).map((n) => ({
        kind: 'axe' as const,
        what: `${v.id} (${v.impact ?? ''})`,
        detail: `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240)}`,
      })),
    );
}

/** Collects console errors and uncaught page errors from the moment it is called. */
export function watchConsole(page: Page): { take(): VisualFinding[] } {
  let found: VisualFinding[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') found.push({ kind: 'console', what: 'console.error', detail: m.text().slice(0, 300) });
  });
  page.on('pageerror', (e) => found.push({ kind: 'console', what: 'uncaught error', detail: e.message.slice(0, 300) }));
  return {
    take() {
      const taken = found;
      found = [];
      return taken;
    },
  };
}

export function formatFindings(findings: VisualFinding[]): string {
  return findings.map((f) => `  [${f.kind}] ${f.what}: ${f.detail}`).join('\n');
}
