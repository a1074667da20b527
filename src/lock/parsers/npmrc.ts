// .npmrc (npm and pnpm read it beside the lock; so does yarn classic): ini lines as npm's `ini`
// package reads them (`key = value`, `;` and `#` comment lines, `[section]` headers, a quoted
// value taken whole, an unquoted one cut at the first unescaped `;` or `#`), each with its line.
// The settings that decide where packages come from become index options for the policy:
// `registry` and `@scope:registry`, and `strict-ssl` unless it is true. npm fills `${VAR}` in
// from the environment in keys too, so a key holding one could be any of them. Keys are compared
// without case and with `_` as `-`, so no spelling slips past.
import type { IndexOption, ParsedLockfile } from '../model.js';
import { guardParse } from './parse-error.js';

const SECTION_RE = /^\[([^\]]*)\]\s*$/;
const SETTING_RE = /^([^=]+)(=(.*))?$/;

/** The `ini` package's reading of a key or value: quotes taken off, else cut at a comment. */
export function iniValue(raw: string): string {
  const text = raw.trim();
  const quote = text[0];
  if (text.length > 1 && (quote === '"' || quote === "'") && text.endsWith(quote)) {
    const inner = quote === "'" ? text.slice(1, -1) : text;
    try {
      const parsed: unknown = JSON.parse(inner);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // not JSON: the text between the quotes, as ini keeps it
    }
    return quote === "'" ? inner : text;
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ';' || c === '#') break;
    if (c === '\\' && i + 1 < text.length && '\\;#'.includes(text[i + 1]!)) out += text[++i]!;
    else out += c;
  }
  return out.trim();
}

function settingOf(key: string, value: string, line: number): IndexOption | undefined {
  const name = key.toLowerCase().replace(/_/g, '-');
  if (/\$\{?[A-Za-z_]/.test(key)) return { option: key, value, line, kind: 'environment' };
  if (name === 'registry' || /^@[^:]+:registry$/.test(name)) return { option: key, value, line, kind: 'index' };
  if (name === 'strict-ssl' && value !== 'true') return { option: key, value, line, kind: 'insecure-transport' };
  return undefined;
}

export function parseNpmrc(text: string, path: string): ParsedLockfile {
  return guardParse(path, () => {
    const indexes: IndexOption[] = [];
    text.split(/\r?\n/).forEach((raw, i) => {
      if (/^\s*([;#]|$)/.test(raw) || SECTION_RE.test(raw.trim())) return;
      const match = SETTING_RE.exec(raw);
      if (!match) return;
      // `key[]` appends to a list in ini; a bare key is `true`.
      const key = iniValue(match[1]!).replace(/\[\]$/, '');
      const setting = settingOf(key, match[2] === undefined ? 'true' : iniValue(match[3]!), i + 1);
      if (setting) indexes.push(setting);
    });
    return { path, format: '.npmrc', ecosystem: 'npm', entries: [], indexes, roots: [] };
  });
}
