import * as vega from 'vega';

/**
 * DejaVu Sans advance widths in em, by kind of character (from the font's hmtx table, rounded; e.g. digits
 * 0.636, "a" 0.613, "i" 0.278, space 0.318). Close enough for layout: titles and labels end where drawn.
 */
const NARROW = new Set([..." .,:;·|!ijlItf()[]'"]);
const WIDE = new Set([...'%mwMW@']);
const widthEm = (c: string) =>
  NARROW.has(c) ? 0.32 : WIDE.has(c) ? 0.92 : c >= 'A' && c <= 'Z' ? 0.7 : 0.61;

type Item = { fontSize?: number; text?: unknown };
interface TextMetrics {
  width: (item: Item, text?: unknown) => number;
}

let installed = false;

/**
 * Without a canvas, Vega estimates every character as 0.8 em wide, which makes text look almost twice as long
 * as DejaVu Sans draws it (a blank band beside the title, labels spaced too far). Vega lets a host replace
 * `textMetrics.width` (vl-convert does the same); this does it once per process.
 */
export function useDejaVuTextWidths(): void {
  if (installed) return;
  installed = true;
  const metrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;
  metrics.width = (item, text) => {
    const s = String(text ?? item.text ?? '');
    let em = 0;
    for (const c of s) em += widthEm(c);
    return em * (item.fontSize ?? 11);
  };
}
