// YAML documents with positions (eemeli/yaml): YAML 1.2 core schema, so `on:` stays a key and
// `yes` stays text, duplicate keys refused, and a LineCounter to turn offsets into lines. The one
// way rollgate parses YAML (lockfiles, workflows, the config, the lock policy): the nesting bound
// is checked before the library sees the text, and aliases are capped when it is read.
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Document, type Node } from 'yaml';
import type { RollgateError } from '../core/errors.js';
import { MAX_YAML_NESTING, yamlNestingExcess } from './yaml-nesting.js';

/** Makes the coded error for a YAML syntax error at a line (lock files and the config differ). */
export type YamlErrorFactory = (path: string, line: number, message: string, cause: unknown) => RollgateError;

export interface YamlDoc {
  readonly doc: Document;
  readonly value: unknown;
  /** The 1-based line of a node (of its key when it is a pair). */
  readonly line: (node: unknown) => number;
}

export function parseYamlDoc(text: string, path: string, onError: YamlErrorFactory): YamlDoc {
  const excess = yamlNestingExcess(text);
  if (excess)
    throw onError(
      path,
      excess.line,
      `YAML nested deeper than ${MAX_YAML_NESTING} levels (flow [ { and indented blocks): no rollgate document needs this; flatten it or check that this is the file you meant`,
      undefined,
    );
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    version: '1.2',
    schema: 'core',
    // Not even the YAML 1.1 tags the core schema would still resolve when written explicitly
    // (!!binary gives a byte array, !!timestamp a Date, !!set a Set): rollgate documents are
    // plain JSON data, and a byte array is an object to a JSON schema.
    resolveKnownTags: false,
    uniqueKeys: true,
    lineCounter: lines,
    prettyErrors: false,
  });
  const error = doc.errors[0];
  if (error)
    throw onError(path, lines.linePos(error.pos[0]).line, `not valid YAML: ${error.message.split('\n')[0]}`, error);
  const line = (node: unknown) => {
    const target = isPair(node) ? node.key : node;
    const range = (target as Node | undefined)?.range;
    return range ? lines.linePos(range[0]).line : 1;
  };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    // An unresolved alias or an alias bomb: the document cannot be read, so it is refused.
    throw onError(path, 1, `not valid YAML: ${(cause as Error).message.split('\n')[0]}`, cause);
  }
  return { doc, value, line };
}

/** The pairs of a mapping node at `path` (e.g. ['packages']), with their keys as text. */
export function mappingPairs(doc: Document, keys: readonly string[]): Array<{ key: string; node: unknown }> {
  const node = doc.getIn(keys, true);
  if (!isMap(node)) return [];
  return node.items.map((pair) => ({
    key: isScalar(pair.key) ? String(pair.key.value) : String(pair.key),
    node: pair,
  }));
}
