// pip's requirements-file options, read as pip reads them (pip's req_file.py): the options part
// of a line is split like a POSIX shell (shlex), then parsed by optparse's rules: `--opt value`,
// `--opt=value`, `-ovalue`, `-o value`, and a long option abbreviated to any unique prefix
// (`--extra-index` is --extra-index-url). Only the options pip's format documents are known;
// anything else comes back unrecognised, never skipped.
import type { IndexOptionKind } from '../model.js';
import { lockParseError } from './parse-error.js';

export interface PipOption {
  /** The long name without `--`. */
  readonly name: string;
  readonly takesValue: boolean;
  /** How lock-verify judges the value; absent: the option says nothing about sources. */
  readonly kind?: IndexOptionKind;
}

/** pip's SUPPORTED_OPTIONS and SUPPORTED_OPTIONS_REQ (requirements-file format, "Supported options"). */
const OPTIONS: readonly PipOption[] = [
  { name: 'index-url', takesValue: true, kind: 'index' },
  { name: 'extra-index-url', takesValue: true, kind: 'index' },
  { name: 'no-index', takesValue: false },
  { name: 'constraint', takesValue: true, kind: 'include' },
  { name: 'requirement', takesValue: true, kind: 'include' },
  { name: 'editable', takesValue: true },
  { name: 'find-links', takesValue: true, kind: 'find-links' },
  { name: 'no-binary', takesValue: true },
  { name: 'only-binary', takesValue: true },
  { name: 'prefer-binary', takesValue: false },
  { name: 'require-hashes', takesValue: false },
  { name: 'pre', takesValue: false },
  { name: 'trusted-host', takesValue: true, kind: 'insecure-host' },
  { name: 'use-feature', takesValue: true },
  { name: 'global-option', takesValue: true },
  { name: 'hash', takesValue: true },
  { name: 'config-settings', takesValue: true },
];
const byName = (name: string) => OPTIONS.find((o) => o.name === name)!;

/** Every long spelling optparse matches against; `--pypi-url` is pip's other name for -i. */
const LONG = new Map<string, PipOption>([
  ...OPTIONS.map((o) => [o.name, o] as const),
  ['pypi-url', byName('index-url')],
]);
const SHORT = new Map<string, PipOption>(
  Object.entries({
    i: 'index-url',
    c: 'constraint',
    r: 'requirement',
    e: 'editable',
    f: 'find-links',
    C: 'config-settings',
  }).map(([letter, name]) => [letter, byName(name)]),
);

export interface ParsedOption {
  /** The option pip reads; undefined when pip's format does not list what was written. */
  readonly option?: PipOption;
  /** The option as written (`-f`, `--find-links`, `--extra-index`). */
  readonly written: string;
  /** Its value; for an unrecognised option, the rest of the line. Undefined for a flag. */
  readonly value?: string;
}

/** Splits like Python's shlex.split (POSIX mode): quotes group, a backslash escapes. */
export function shellWords(text: string, path: string, line: number): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) word += text[++i]!;
      else word += c;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      inWord = true;
      if (c === "'" || c === '"') quote = c;
      else if (c === '\\') {
        if (i + 1 >= text.length) throw lockParseError(path, line, 'a backslash ends the options');
        word += text[++i]!;
      } else word += c;
    }
  }
  if (quote !== undefined) throw lockParseError(path, line, `unclosed ${quote} in the options`);
  if (inWord) words.push(word);
  return words;
}

/** optparse's long-option match: the exact spelling, else the one spelling it is a prefix of. */
function matchLong(written: string): PipOption | undefined {
  const exact = LONG.get(written);
  if (exact) return exact;
  const candidates = [...LONG.keys()].filter((k) => k.startsWith(written));
  return candidates.length === 1 ? LONG.get(candidates[0]!) : undefined;
}

/**
 * The options of one line, in order. A missing value or a value given to a flag is a parse
 * error (pip refuses the file too); an unknown or ambiguous option ends the line's options,
 * since what it would take as its value cannot be known.
 */
export function parsePipOptions(words: readonly string[], path: string, line: number): ParsedOption[] {
  const out: ParsedOption[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    // optparse: `--` ends the options, and a bare word is an argument; pip ignores both.
    if (word === '--') break;
    if (!word.startsWith('-') || word === '-') continue;
    const long = word.startsWith('--');
    const eq = long ? word.indexOf('=') : -1;
    const written = eq >= 0 ? word.slice(0, eq) : long ? word : word.slice(0, 2);
    const option = long ? matchLong(written.slice(2)) : SHORT.get(word[1]!);
    if (!option) {
      out.push({ written, value: words.slice(i).join(' ') });
      break;
    }
    if (!option.takesValue) {
      if (eq >= 0) throw lockParseError(path, line, `${written} takes no value`);
      out.push({ option, written });
      continue;
    }
    const attached = long ? (eq >= 0 ? word.slice(eq + 1) : undefined) : word.length > 2 ? word.slice(2) : undefined;
    const value = attached ?? words[++i];
    if (value === undefined) throw lockParseError(path, line, `${written} needs a value`);
    out.push({ option, written, value });
  }
  return out;
}
