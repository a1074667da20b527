// Real headless Chromium for tests that must see a page as a reviewer's browser does: one child
// process per page dumps the DOM it built (and optionally a screenshot). Nothing is skipped when
// Chromium is missing: the tests then fail and say how to install it.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const RUN_TIMEOUT_MS = 30_000;
const INSTALL_HINT = 'run scripts/install-test-deps.sh (apt-get install -y chromium), or set ROLLGATE_CHROMIUM';

/** ROLLGATE_CHROMIUM, else `chromium` on PATH; throws with the install hint when neither exists. */
export function chromiumBinary(): string {
  const named = process.env.ROLLGATE_CHROMIUM;
  const candidates = named ? [named] : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'chromium'));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not this one
    }
  }
  throw new Error(
    `Chromium not found (${named ? `ROLLGATE_CHROMIUM=${named}` : 'no chromium on PATH'}): ${INSTALL_HINT}`,
  );
}

/**
 * Loads an HTML file in a fresh profile with no network services and returns the DOM Chromium
 * built, serialized (`--dump-dom`, after the load event). With `screenshot`, the same process also
 * writes a 1280x2000 PNG of the page there.
 */
export async function renderPage(htmlFile: string, screenshot?: string): Promise<string> {
  const profile = await mkdtemp(join(tmpdir(), 'rollgate-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    `--user-data-dir=${profile}`,
    '--window-size=1280,2000',
    '--dump-dom',
    ...(screenshot ? [`--screenshot=${screenshot}`] : []),
    pathToFileURL(htmlFile).href,
  ];
  try {
    return await new Promise<string>((resolve, reject) => {
      execFile(
        chromiumBinary(),
        args,
        { timeout: RUN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`chromium failed on ${htmlFile}: ${error.message}\n${stderr}`, { cause: error }));
          else if (!stdout.includes('<body')) reject(new Error(`chromium dumped no DOM for ${htmlFile}\n${stderr}`));
          else resolve(stdout);
        },
      );
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

export interface DomElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: DomNode[];
}
export type DomNode = DomElement | { readonly text: string } | { readonly comment: string };

// Chromium's serializer closes every element except the void ones, escapes `&<>` in text and
// `&"<>` in attribute values, and writes the content of raw-text elements as it is.
const VOID = new Set('area base br col embed hr img input link meta source track wbr'.split(' '));
const RAW_TEXT = new Set('script style xmp iframe noembed noframes noscript plaintext'.split(' '));
const TOKEN_RE =
  /<!--([\s\S]*?)-->|<!doctype[^>]*>|<\/([a-zA-Z][^\s>]*)\s*>|<([a-zA-Z][^\s/>]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*>|([^<]+|<)/giy;
const ATTRIBUTE_RE = /([^\s=>]+)(?:="([^"]*)")?/g;

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|nbsp|#\d+|#x[\da-f]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', nbsp: '\u00a0' };
    if (e[0] !== '#') return named[e.toLowerCase()] ?? '';
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** Rebuilds the tree of a `--dump-dom` serialization; the root is a synthetic `#document`. */
export function parseDump(html: string): DomElement {
  const root: DomElement = { name: '#document', attributes: {}, children: [] };
  const stack: DomElement[] = [root];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(html); m !== null && m[0] !== ''; m = TOKEN_RE.exec(html)) {
    const top = stack[stack.length - 1]!;
    const [, comment, end, start, attrs, text] = m;
    if (comment !== undefined) top.children.push({ comment });
    else if (text !== undefined) top.children.push({ text: decode(text) });
    else if (end !== undefined) {
      const at = stack.map((e) => e.name).lastIndexOf(end.toLowerCase());
      if (at > 0) stack.length = at;
    } else if (start !== undefined) {
      const attributes: Record<string, string> = {};
      for (const [, name, value] of (attrs ?? '').matchAll(ATTRIBUTE_RE)) attributes[name!] = decode(value ?? '');
      const element: DomElement = { name: start.toLowerCase(), attributes, children: [] };
      top.children.push(element);
      if (RAW_TEXT.has(element.name)) {
        const close = html.toLowerCase().indexOf(`</${element.name}`, TOKEN_RE.lastIndex);
        const stop = close < 0 ? html.length : close;
        element.children.push({ text: html.slice(TOKEN_RE.lastIndex, stop) });
        TOKEN_RE.lastIndex = stop;
        stack.push(element);
      } else if (!VOID.has(element.name)) stack.push(element);
    }
  }
  return root;
}

/** Every element under `node` (itself included), in document order. */
export function elements(node: DomElement): DomElement[] {
  return [node, ...node.children.flatMap((c) => ('name' in c ? elements(c) : []))];
}

export function textContent(node: DomNode): string {
  if ('text' in node) return node.text;
  if ('comment' in node) return '';
  return node.children.map(textContent).join('');
}
