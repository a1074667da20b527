// The layers of src/, top to bottom: the one list that both the lint rule (.dependency-cruiser.mjs)
// and the diagram in docs/architecture.md are made from. A module may import its own folder and
// any layer below its own; folders on one line are peers and import neither each other nor
// anything above. There are no exceptions: a module that needs something above it moves, or the
// thing it needs moves down. `node scripts/layers.mjs` rewrites the diagram in
// docs/architecture.md (between the layers markers); `--check` exits 1 when it is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Each line: its folders (or single files) under src/, and what they hold. */
export const LAYERS = [
  {
    parts: ['src/actions/', 'src/cli/main.ts'],
    holds: 'entries: one small file per action, found by the build by convention, and the CLI',
  },
  { parts: ['src/cli/', 'src/adapters/'], holds: 'drivers: read flags or inputs once, call a job, render its result' },
  { parts: ['src/demo/'], holds: '`rollgate demo`: runs every job on an embedded example and renders their summaries' },
  {
    parts: ['src/summaries/', 'src/specs/'],
    holds: 'job results rendered as Markdown (pure); one input specification per operator',
  },
  {
    parts: ['src/action-shell/'],
    holds: 'the action runtime, the runner port and its file commands, escaping, Markdown tables',
  },
  { parts: ['src/jobs/'], holds: 'one pipeline step each: read inputs from disk, run operators, commit to the store' },
  {
    parts: ['src/github/', 'src/providers/'],
    holds: 'I/O ports: deployments, OIDC, artifacts; lockfiles, metrics sources, user commands, keys',
  },
  { parts: ['src/config/'], holds: 'the config file: schema, defaults and paths' },
  { parts: ['src/promote/'], holds: 'the evidence a promotion rests on, its validation and certificate' },
  {
    parts: ['src/deploy/', 'src/lock/', 'src/runtime/', 'src/wasm/'],
    holds: 'operators and their evidence readers: pure functions of data → reports',
  },
  { parts: ['src/release/'], holds: 'the release document, its manifest and the preflight a rollout starts from' },
  {
    parts: ['src/store/'],
    holds: 'the state store: objects, WAL, commit, recovery, heads, bundles, GC, state.json (fs only)',
  },
  {
    parts: ['src/util/'],
    holds: 'what every layer may use that is not pure: YAML documents, bounded reads, HTTP bodies',
  },
  { parts: ['src/core/'], holds: 'canonical CBOR, hashes, Ed25519, trust store, errors, trace (no I/O)' },
];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The regular expression of a part: a folder and everything under it, or one file. */
export const partPattern = (part) => (part.endsWith('/') ? `^${escape(part)}` : `^${escape(part)}$`);

/**
 * The forbidden rules of dependency-cruiser, one per part: no import of a part on a line above
 * its own, none of a peer on its own line, and every module of src/ in some part. A part's own
 * modules exclude those of a narrower part inside it (src/cli/ does not hold src/cli/main.ts).
 */
export function forbiddenRules(layers = LAYERS) {
  const all = layers.flatMap((layer, index) => layer.parts.map((part) => ({ part, index })));
  const inside = (inner, outer) => outer.endsWith('/') && inner !== outer && inner.startsWith(outer);
  const rules = all.map(({ part, index }) => {
    const forbidden = all.filter((p) => p.part !== part && p.index <= index);
    const peers = forbidden.filter((p) => p.index === index).map((p) => p.part);
    // A narrower part inside a forbidden one that is not itself forbidden stays allowed.
    const allowed = all.filter((p) => !forbidden.includes(p) && forbidden.some((f) => inside(p.part, f.part)));
    const narrower = all.filter((p) => inside(p.part, part));
    return {
      name: `layer:${part}`,
      comment: `${part} imports only its own folder and the lines below it${peers.length ? `, not its peers ${peers.join(', ')}` : ''}`,
      severity: 'error',
      from: {
        path: partPattern(part),
        ...(narrower.length ? { pathNot: narrower.map((p) => partPattern(p.part)) } : {}),
      },
      to: {
        path: forbidden.map((p) => partPattern(p.part)),
        ...(allowed.length ? { pathNot: allowed.map((p) => partPattern(p.part)) } : {}),
      },
    };
  });
  const anyPart = all.map((p) => partPattern(p.part));
  return [
    ...rules.filter((rule) => rule.to.path.length > 0),
    {
      name: 'layer:unplaced',
      comment: 'every module of src/ belongs to a line of scripts/layers.mjs',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: anyPart },
    },
    {
      name: 'layer:unplaced-importer',
      comment: 'every module of src/ belongs to a line of scripts/layers.mjs',
      severity: 'error',
      from: { path: '^src/', pathNot: anyPart },
      to: {},
    },
    {
      name: 'no-circular',
      comment: 'no import cycles, within a folder or across',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ];
}

/** The diagram docs/architecture.md shows: one line per layer, top to bottom. */
export function layerDiagram(layers = LAYERS) {
  const lefts = layers.map((layer) => layer.parts.join('  '));
  const width = Math.max(...lefts.map((l) => l.length)) + 3;
  return layers.map((layer, i) => `${lefts[i].padEnd(width)}${layer.holds}`).join('\n');
}

const BEGIN = '<!-- layers: generated by scripts/layers.mjs from its LAYERS list -->';
const END = '<!-- /layers -->';

/** The architecture page with its diagram block made from the list. */
export function renderArchitecture(text, layers = LAYERS) {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start === -1 || end < start) throw new Error(`docs/architecture.md: no ${BEGIN} … ${END} block`);
  const block = `${BEGIN}\n\n\`\`\`text\n${layerDiagram(layers)}\n\`\`\`\n\n`;
  return text.slice(0, start) + block + text.slice(end);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const page = join(resolve(import.meta.dirname, '..'), 'docs/architecture.md');
  const text = readFileSync(page, 'utf8');
  const next = renderArchitecture(text);
  if (process.argv.includes('--check')) {
    if (next !== text) {
      console.error(
        'docs/architecture.md: the layer diagram differs from scripts/layers.mjs; run node scripts/layers.mjs',
      );
      process.exitCode = 1;
    }
  } else if (next !== text) writeFileSync(page, next);
}
