// JSON with each key once per object. JSON.parse keeps the last of two equal keys without a
// word (RFC 8259 §4 leaves duplicates to the parser), so `{"errors":180,"errors":0}` reads as
// no errors here and may read as 180 in another tool: a document that means two things is
// refused instead. The scan runs after JSON.parse has accepted the text, so it walks valid
// JSON only; it keeps its own stack (no recursion) and compares keys after unescaping, so
// `"errors"` and `"\u0065rrors"` are the same key.
import type { ErrorCode } from './error-codes.js';
import { RollgateError } from './errors.js';

export interface DuplicateKey {
  /** The key, unescaped. */
  readonly key: string;
  /** JSON Pointer (RFC 6901) of the object holding it twice, "" for the document itself. */
  readonly pointer: string;
}

type Frame = { object: true; keys: Set<string>; key: string; expectKey: boolean } | { object: false; index: number };

/** The most of a key or value quoted in a message: either may be megabytes long. */
const QUOTE_MAX = 64;

const pointerToken = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');

function pointerOf(stack: readonly Frame[]): string {
  // The innermost frame is the object holding the duplicate: its own current key is not part
  // of its pointer.
  return stack
    .slice(0, -1)
    .map((frame) => `/${pointerToken(frame.object ? frame.key : String(frame.index))}`)
    .join('');
}

/** The first key that appears twice in one object of `text`, which must be valid JSON. */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  const quoteOrEscape = /["\\]/g;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) stack.push({ object: true, keys: new Set(), key: '', expectKey: true });
    else if (c === 0x5b /* [ */) stack.push({ object: false, index: 0 });
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */) {
      const top = stack.at(-1);
      if (top?.object) top.expectKey = true;
      else if (top) top.index++;
    } else if (c === 0x22 /* " */) {
      // The closing quote is the first one not escaped; a backslash always escapes one character.
      let end = i + 1;
      let escaped = false;
      for (;;) {
        quoteOrEscape.lastIndex = end;
        const found = quoteOrEscape.exec(text);
        if (found === null) return undefined; // not JSON: JSON.parse refuses it first
        if (found[0] === '"') {
          end = found.index;
          break;
        }
        escaped = true;
        end = found.index + 2;
      }
      const top = stack.at(-1);
      if (top?.object && top.expectKey) {
        const key = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        if (top.keys.has(key)) return { key, pointer: pointerOf(stack) };
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    }
  }
  return undefined;
}

/** A key or text value for a message: quoted as JSON (so it stays on one line), cut when long. */
export function quoteText(key: string): string {
  return JSON.stringify(key.length > QUOTE_MAX ? `${key.slice(0, QUOTE_MAX)}…` : key);
}

/**
 * JSON.parse that refuses duplicate keys: `code` for a syntax error and for a key that appears
 * twice in one object, the message naming `what`, the key and the object's JSON Pointer.
 */
export function parseStrictJson(text: string, code: ErrorCode, what: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new RollgateError(code, `${what} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    throw new RollgateError(
      code,
      `${what}: key ${quoteText(duplicate.key)} appears twice in ${duplicate.pointer ? `the object at ${duplicate.pointer}` : 'the top-level object'}; each key must appear once (JSON parsers disagree on which one counts)`,
      { diagnostics: { duplicate_key: quoteText(duplicate.key), pointer: duplicate.pointer } },
    );
  }
  return value;
}
