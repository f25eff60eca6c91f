/**
 * POSIX-shell word splitting for one command line (quotes, backslashes; `;`, `&&`, `||`, `|` as their own
 * words). No expansion: `$WEB_CONCURRENCY` stays a word, so a reader can say "set at deploy time".
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (c === '#' && !inWord) break;
    else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === ';' || c === '&' || c === '|') {
      if (inWord) words.push(word);
      const two = line.slice(i, i + 2);
      const op = two === '&&' || two === '||' ? two : c;
      words.push(op);
      i += op.length - 1;
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

const OPERATORS = new Set([';', '&&', '||', '|', '&']);

/** The simple commands of a word list: `a && b; c` → [[a], [b], [c]]; `sh -c "…"` is opened up. */
export function simpleCommands(words: readonly string[], depth = 0): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const w of [...words, ';']) {
    if (!OPERATORS.has(w)) {
      current.push(w);
      continue;
    }
    if (current.length === 0) continue;
    const c = current.indexOf('-c');
    const shell = /(^|\/)(ba|da|z)?sh$/.test(current[0] ?? '');
    if (shell && c >= 0 && current[c + 1] !== undefined && depth < 3)
      out.push(...simpleCommands(shellWords(current[c + 1] ?? ''), depth + 1));
    else out.push(current);
    current = [];
  }
  return out;
}
