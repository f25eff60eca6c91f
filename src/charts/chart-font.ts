import { existsSync } from 'node:fs';

/**
 * resvg draws text only with fonts it is given. DejaVu Sans is on most Linux machines (Debian's
 * fonts-dejavu-core; the Dockerfile and .ci/run install it); loading one known file is fast, where scanning
 * every system font costs tens of milliseconds per chart. Without it, resvg falls back to whatever sans-serif
 * the system has.
 */
const CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
  '/usr/local/share/fonts/DejaVuSans.ttf',
  '/Library/Fonts/DejaVuSans.ttf',
];

let found: string | null | undefined;

/** The font file charts use, or null when only system fonts are left (looked up once per process). */
export function chartFontFile(): string | null {
  if (found === undefined) found = CANDIDATES.find((p) => existsSync(p)) ?? null;
  return found;
}
