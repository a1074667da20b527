// Line numbers for parsers whose library gives none (TOML, JSON): found from the text itself.

/** 1-based line numbers of every line equal to `header` (after trimming), in order. */
export function headerLines(text: string, header: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const content = text.slice(start, end === -1 ? text.length : end).trim();
    if (content === header) lines.push(line);
    if (end === -1) break;
    start = end + 1;
    line++;
  }
  return lines;
}

/** The 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Maps each quoted JSON key `"key":` to the line of its first occurrence. */
export function jsonKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const re = /"((?:[^"\\]|\\.)*)"\s*:/g;
  let line = 1;
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    for (let i = last; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    last = m.index;
    if (!lines.has(m[1]!)) lines.set(m[1]!, line);
  }
  return lines;
}
