// Structure-aware mutation of a decoded document (a JSON value or a canonical CBOR value): pick
// nodes of a valid sample by path and replace, delete, wrap or duplicate them, or add a field,
// so that the mutants are well-formed JSON or CBOR and reach the schema and cross-field checks.
// Byte strings and typed floats are leaves; `leaf` supplies the replacement values.
import fc from 'fast-check';
import { F64 } from '../../src/core/cbor.js';

type Node = unknown;
type Container = Record<string, Node> | Node[];
type Path = ReadonlyArray<string | number>;

const isContainer = (v: Node): v is Container =>
  typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !(v instanceof F64);
const isMap = (v: Node): v is Record<string, Node> => isContainer(v) && !Array.isArray(v);

/** A copy of the containers (leaves are shared: no mutation touches a leaf). */
function copy(v: Node): Node {
  if (Array.isArray(v)) return v.map(copy);
  if (!isContainer(v)) return v;
  const out: Record<string, Node> = {};
  for (const [k, x] of Object.entries(v)) define(out, k, copy(x));
  return out;
}

/** An own data property even for `__proto__`, as JSON.parse and the CBOR decoder make them. */
function define(target: Record<string, Node>, key: string, value: Node): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function paths(v: Node, prefix: Path = []): Path[] {
  if (!isContainer(v)) return [prefix];
  const keys: Array<string | number> = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [prefix, ...keys.flatMap((k) => paths((v as Record<string, Node>)[k], [...prefix, k]))];
}

function keysOf(v: Node): string[] {
  if (!isContainer(v)) return [];
  const own = Array.isArray(v) ? [] : Object.keys(v);
  return [...own, ...Object.values(v).flatMap(keysOf)];
}

type Edit = (parent: Container, key: string | number, node: Node, value: Node, field: string) => void;

const EDITS: readonly Edit[] = [
  (parent, key, _node, value) => set(parent, key, value),
  (parent, key) => (Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key]),
  (parent, key, node) => set(parent, key, [node]),
  (parent, key, node) => (Array.isArray(parent) ? parent.splice(Number(key), 0, copy(node)) : undefined),
  (_parent, _key, node, value, field) => {
    if (Array.isArray(node)) node.push(value);
    else if (isMap(node)) define(node, field, value);
  },
];

function set(parent: Container, key: string | number, value: Node): void {
  if (Array.isArray(parent)) parent[Number(key)] = value;
  else define(parent, String(key), value);
}

function apply(root: Node, pick: number, kind: number, value: Node, field: string): Node {
  // The root sits in a holder, so that it has a parent like every other node.
  const holder: Node[] = [root];
  const all = paths(holder).slice(1);
  const path = all[pick % all.length]!;
  let parent = holder as Container;
  for (const k of path.slice(0, -1)) parent = (parent as Record<string, Node>)[k] as Container;
  const key = path[path.length - 1]!;
  EDITS[kind]!(parent, key, (parent as Record<string, Node>)[key], value, field);
  return holder.length > 0 ? holder[0] : null;
}

/** One to three structural edits of `sample`; added fields take names the sample uses elsewhere. */
export function mutateTree(sample: Node, leaf: fc.Arbitrary<Node>): fc.Arbitrary<Node> {
  const field = fc.oneof(
    fc.constantFrom(...keysOf(sample), '__proto__', 'constructor', ''),
    fc.string({ maxLength: 6 }),
  );
  const edit = fc.tuple(fc.nat(), fc.nat(EDITS.length - 1), leaf, field);
  return fc
    .array(edit, { minLength: 1, maxLength: 3 })
    .map((edits) =>
      edits.reduce((root, [pick, kind, value, name]) => apply(root, pick, kind, value, name), copy(sample)),
    );
}

/** Text that looks like the values the documents hold: digests, key ids, times, hex, markers. */
const LOOKALIKE_TEXT = fc.constantFrom(
  '',
  ' ',
  `sha256:${'0'.repeat(64)}`,
  `sha256:${'A'.repeat(64)}`,
  `sha256:${'0'.repeat(63)}`,
  `ed25519:${'0'.repeat(32)}`,
  '0'.repeat(64),
  '0'.repeat(128),
  '2026-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-01-01T00:00:00+01:00',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '\u0000',
  '\ud800',
  '::error::pwned',
  '<img src=x onerror=alert(1)>',
);

export const JSON_LEAF: fc.Arbitrary<Node> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  LOOKALIKE_TEXT,
  fc.integer({ min: -2, max: 70_000 }),
  fc.constantFrom(0, 1, 100, 2 ** 53, -0.5, 1.5),
);

export const CBOR_LEAF: fc.Arbitrary<Node> = fc.oneof(
  fc.constantFrom(null, true, false, 0, 1, -1, 2 ** 53 - 1, 2n ** 64n - 1n),
  fc.integer(),
  LOOKALIKE_TEXT,
  fc.string({ maxLength: 8 }),
  fc.constantFrom(0, 1, 31, 32, 33, 64).chain((length) => fc.uint8Array({ minLength: length, maxLength: length })),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => new F64(x)),
  fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 3 }),
);
