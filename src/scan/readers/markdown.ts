import { Lexer } from 'marked';
import type { Reader } from '../types.js';

/** One heading of a markdown file: its level, text, 1-based line, and whether anything follows it before the next heading of the same or a higher level. */
export interface MarkdownHeading {
  depth: number;
  text: string;
  line: number;
  hasContent: boolean;
}

export interface MarkdownFile {
  readonly path: string;
  readonly headings: readonly MarkdownHeading[];
}

/** Markdown through marked's lexer (CommonMark + GFM); lines come from the top-level tokens' raw text. */
export const markdownReader: Reader<MarkdownFile> = {
  name: 'markdown',
  parse(source, path) {
    const tokens = Lexer.lex(source, { gfm: true });
    const flat: { type: string; depth: number; text: string; line: number }[] = [];
    let line = 1;
    for (const t of tokens) {
      flat.push({
        type: t.type,
        depth: t.type === 'heading' ? (t as { depth: number }).depth : 0,
        text: t.type === 'heading' ? (t as { text: string }).text : '',
        line,
      });
      for (let i = 0; i < t.raw.length; i++) if (t.raw.charCodeAt(i) === 10) line++;
    }
    const headings: MarkdownHeading[] = [];
    flat.forEach((t, i) => {
      if (t.type !== 'heading') return;
      let hasContent = false;
      for (let j = i + 1; j < flat.length; j++) {
        const n = flat[j];
        if (!n) break;
        if (n.type === 'heading' && n.depth <= t.depth) break;
        if (n.type !== 'space') {
          hasContent = true;
          break;
        }
      }
      // mkdocs' attribute lists (`## Title { #anchor }`) are not part of the title.
      const text = t.text.replace(/\s*\{[^}]*\}\s*$/, '').trim();
      headings.push({ depth: t.depth, text, line: t.line, hasContent });
    });
    return { path, headings };
  },
};
