// Untrusted text (package names, metric labels, file paths, command output) must never reach
// a log as a workflow command, nor a summary as Markdown or HTML (DESIGN 9).

// C0/C1 controls (ANSI escapes start with ESC), line and paragraph separators, and bidi
// overrides, all of which can forge lines or hide text in a log.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes text safe for one log line: controls become visible `\u00XX` escapes (so it can never
 * start a new line, and so never a `::command`), and a leading `::` is broken up. Callers
 * also put their own label first, so untrusted text never starts a line.
 */
export function logSafe(text: string): string {
  const escaped = text.replace(CONTROL_RE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.startsWith('::') ? `:\u200b:${escaped.slice(2)}` : escaped;
}

// Emphasis, code, link and image brackets, strikethrough, table pipes, and HTML. Characters
// that only mean something at the start of a line (#, -, +, 1.) are inert here: untrusted
// text is never placed at a line start.
const MARKDOWN_SPECIAL_RE = /[\\`*_[\]|~<>&]/g;
const HTML_ENTITIES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/**
 * Makes text inert in GitHub-flavoured Markdown, tables included: HTML-significant characters
 * become entities, Markdown punctuation is backslash-escaped, controls and newlines become
 * spaces. The result renders as the literal text and never as a tag, link or table break.
 */
export function markdownText(text: string): string {
  return text.replace(CONTROL_RE, ' ').replace(MARKDOWN_SPECIAL_RE, (c) => HTML_ENTITIES[c] ?? `\\${c}`);
}

/** Inline code for hashes and identifiers; falls back to escaped text when it holds a backtick. */
export function markdownCode(text: string): string {
  const clean = text.replace(CONTROL_RE, ' ');
  return /[`|<>&]/.test(clean) ? markdownText(clean) : `\`${clean}\``;
}

/**
 * A fenced code block for multi-line untrusted text (command output): its fence is longer than
 * any backtick run inside, so the text cannot close it (CommonMark), and nothing in a code
 * block renders as Markdown or HTML. Controls other than newline and tab are made visible.
 */
export function fencedBlock(text: string): string {
  const clean = text.replace(/\r\n?/g, '\n').replace(CONTROL_RE, (c) => (c === '\n' || c === '\t' ? c : ' '));
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${clean.replace(/\n$/, '')}\n${fence}\n`;
}

/**
 * For workflow-command data (annotations, debug): controls become visible `\u00XX` escapes, but
 * line breaks stay, since the command encoding (%0A, %0D) already keeps them from ending it.
 */
export function visibleControls(text: string): string {
  return text.replace(CONTROL_RE, (c) =>
    c === '\n' || c === '\r' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
