// The nesting bound checked before any YAML is composed. The yaml library builds nodes
// recursively: a document like `a: [[[[…` a hundred thousand deep overflows V8's stack inside it
// (it catches the overflow only in some places, after the fact). Its lexer is an iterative state
// machine, and the parser reads exactly its tokens, so one pass over them bounds the depth the
// parser could build, error recovery included: flow collections (the lexer's own `[` and `{`
// tokens, so quotes, comments and block scalars are its business), indicators nesting pairs
// inside them, and the open block levels (each deeper column where a node or an indicator starts
// on a line). Where that is loose it counts more, never less, except that a block map and a block
// sequence can share a column: the depth built is at most twice the count (a property test in
// test/util/yaml-nesting.test.ts holds the library to this).
import { CST, Lexer } from 'yaml';

/**
 * Deep enough for every rollgate document (a config, a pnpm lock, a workflow nest fewer than 10
 * levels, counted here as at most ~15) and far below the few hundred levels at which the yaml
 * library overflows the stack.
 */
export const MAX_YAML_NESTING = 64;

/** Where a document first nests deeper than the bound: its 1-based line and the depth there. */
export interface NestingExcess {
  readonly line: number;
  readonly depth: number;
}

// The lexer's markers carry no source text; a SCALAR marker announces the scalar's source.
const MARKERS = new Set<string>([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);
const INDICATORS = new Set(['seq-item-ind', 'explicit-key-ind', 'map-value-ind']);
const NO_BLOCK_LEVEL = new Set(['map-value-ind', 'comma', 'flow-seq-start', 'flow-map-start']);
const LAYOUT = new Set(['space', 'newline', 'comment', 'byte-order-mark', 'doc-mode']);

/** Where `text` first nests deeper than `max`, or undefined when it never does. Linear time. */
export function yamlNestingExcess(text: string, max = MAX_YAML_NESTING): NestingExcess | undefined {
  const blocks: number[] = []; // columns of the open block levels, increasing
  let flow = 0;
  let pairs = 0; // indicators since the last flow start, end or comma
  let previous = ''; // the type of the last content token
  let offset = 0;
  let line = 1;
  let lineStart = 0;
  let lineHasContent = false;
  let scalarSource = false; // the next token is a scalar's source text
  let blockScalarBody = false; // a block scalar's header came, its body (a scalar source) is next
  for (const token of new Lexer().lex(text)) {
    if (MARKERS.has(token)) {
      scalarSource ||= token === CST.SCALAR;
      continue;
    }
    const start = offset;
    const startLine = line;
    offset += token.length;
    const type: string = scalarSource ? 'scalar' : (CST.tokenType(token) ?? 'unknown');
    const layout = LAYOUT.has(type);
    // A block scalar's body is text however it is indented: it opens and closes no level.
    const body = scalarSource && blockScalarBody;
    if (!layout) blockScalarBody = type === 'block-scalar-header';
    scalarSource = false;
    const content = !layout && !body;
    if (content) {
      if (type === 'doc-start' || type === 'doc-end') blocks.length = 0;
      else if (flow === 0) {
        const column = start - lineStart;
        if (!lineHasContent) while (blocks.length > 0 && blocks.at(-1)! > column) blocks.pop();
        // A flow collection counts as flow; a `:` or `,` after a key opens nothing (after an
        // indicator, as in `- :`, it opens an implicit map).
        const opens =
          !lineHasContent ||
          !NO_BLOCK_LEVEL.has(type) ||
          (INDICATORS.has(previous) && (type === 'map-value-ind' || type === 'comma'));
        if (opens && (blocks.length === 0 || blocks.at(-1)! < column)) blocks.push(column);
      }
      if (type === 'flow-seq-start' || type === 'flow-map-start') flow++;
      else if ((type === 'flow-seq-end' || type === 'flow-map-end') && flow > 0) flow--;
      // In a flow collection, indicators between two commas can nest pairs (`[: : :`).
      if (flow > 0 && INDICATORS.has(type)) pairs++;
      else if (type !== 'scalar' && type !== 'anchor' && type !== 'tag') pairs = 0;
      previous = type;
      const depth = blocks.length + flow + pairs;
      if (depth > max) return { line: startLine, depth };
    }
    const lastBreak = token.lastIndexOf('\n');
    if (lastBreak !== -1) {
      for (let i = token.indexOf('\n'); i !== -1; i = token.indexOf('\n', i + 1)) line++;
      lineStart = start + lastBreak + 1;
      lineHasContent = content && lastBreak !== token.length - 1;
    } else if (content) lineHasContent = true;
  }
  return undefined;
}
