// Deterministic Markdown for job summaries: tables whose every cell is escaped, so the same
// report always renders the same bytes and untrusted text never becomes markup.
import { markdownCode, markdownText } from './untrusted-text.js';

export type Cell = string | number | { readonly code: string } | { readonly raw: string };

function cell(value: Cell): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return markdownText(value);
  return 'code' in value ? markdownCode(value.code) : value.raw;
}

/** Headers are rollgate's own constant labels and are written as they are; cells are escaped. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const head = `| ${headers.join(' | ')} |`;
  const rule = `| ${headers.map(() => '---').join(' | ')} |`;
  return [head, rule, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n') + '\n';
}

/** Rows beyond `limit` are summarized in one line, so a summary stays under GitHub's 1 MiB cap. */
export function limitedTable(
  headers: readonly string[],
  rows: ReadonlyArray<readonly Cell[]>,
  limit: number,
  what: string,
): string {
  const shown = table(headers, rows.slice(0, limit));
  return rows.length > limit
    ? `${shown}\n_${rows.length - limit} more ${markdownText(what)} are in the report._\n`
    : shown;
}
