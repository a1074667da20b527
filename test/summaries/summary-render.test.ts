// What this proves: every golden job summary (the Markdown a reviewer reads to approve a release)
// renders in a real browser exactly as the Markdown says and no other way. Each golden is turned
// into HTML by markdown-it (GitHub-flavoured tables and fences) with raw HTML ON, so any HTML our
// escaping let through would become a real tag (GitHub would sanitize it, but a broken summary
// is still a broken summary); headless Chromium then builds the DOM, and from its dump we check
// that (a) there are as many <table>s as header+rule pairs in the Markdown, each with the rows
// and cells the Markdown has, and no paragraph starting with a pipe (a table that fell apart);
// (b) only the elements and attributes markdown-it makes from rollgate's own Markdown exist: no
// <img>, <script>, <iframe>, <svg>, <style>, <details>, event handlers or comments; (c) untrusted
// text the goldens hold (shell commands with `$ROLLGATE_…` and quotes) reads as that literal
// text in its cell. A negative control runs the real canary-stage renderer on a report whose
// untrusted fields hold `<img onerror>`, pipes, fences and newlines, and must pass the same
// checks; the same hostile text concatenated raw into a Markdown table must fail them, one
// check per kind of damage, which shows the checks can fail. Screenshots of one gate and one
// stage summary show the page actually painted (a valid PNG, not one flat colour).
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import MarkdownIt from 'markdown-it';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryStageSummary } from '../../src/summaries/rollout-summary.js';
import { f64 } from '../../src/core/cbor.js';
import { GATES_OPERATOR } from '../../src/deploy/health-gates.js';
import { SNAPSHOT_VERSION } from '../../src/deploy/metrics-snapshot.js';
import { STAGE_REPORT_VERSION } from '../../src/deploy/stage-report.js';
import { elements, parseDump, renderPage, textContent, type DomElement } from '../helpers/chromium.js';

const GOLDEN = resolve(import.meta.dirname, '../golden');
const GOLDEN_FILES = [
  ...readdirSync(join(GOLDEN, 'rollout'), { recursive: true, encoding: 'utf8' }).map((f) => join('rollout', f)),
  ...readdirSync(join(GOLDEN, 'demo/summaries'), { encoding: 'utf8' }).map((f) => join('demo/summaries', f)),
]
  .filter((f) => f.endsWith('.md'))
  .sort();
const SCREENSHOTS = ['rollout/breach/gate-summary.md', 'rollout/breach/stage-2.summary.md'];
// Each Chromium is CPU-bound for about a second; more at once than cores only queues them.
const CONCURRENCY = Math.max(2, Math.min(8, availableParallelism()));

// What markdown-it makes from the Markdown rollgate writes; anything else came from the data.
const ALLOWED = new Set(['h2', 'h3', 'p', 'strong', 'em', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
const HEAD = ['meta', 'meta', 'title', 'style'];

// GitHub's table, code and heading styles (primer/css markdown), so the screenshot looks like
// the job summary page. The CSP keeps the page off the network whatever it contains.
const CSS = `body{font-family:-apple-system,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;font-size:14px;
line-height:1.5;color:#1f2328;background:#fff;margin:16px 32px;max-width:1216px}
h2{font-size:1.5em;padding-bottom:.3em;border-bottom:1px solid #d1d9e0}h3{font-size:1.25em}
table{border-spacing:0;border-collapse:collapse;display:block;width:max-content;max-width:100%;overflow:auto;margin:0 0 16px}
th,td{padding:6px 13px;border:1px solid #d1d9e0}th{font-weight:600}tr:nth-child(2n){background:#f6f8fa}
code{font-family:ui-monospace,Menlo,"DejaVu Sans Mono",monospace;font-size:85%;padding:.2em .4em;background:#eff1f3;border-radius:6px}
pre{padding:16px;background:#f6f8fa;border-radius:6px;overflow:auto}pre code{background:none;padding:0}`;

const markdown = new MarkdownIt({ html: true });

function page(title: string, md: string): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${markdown.utils.escapeHtml(title)}</title><style>${CSS}</style></head>`,
    `<body>${markdown.render(md)}</body></html>`,
  ].join('');
}

let workdir: string;

/** Renders Markdown in Chromium, once; returns the dumped DOM. */
async function render(name: string, md: string, screenshot?: string): Promise<string> {
  const file = join(workdir, `${name.replace(/[^\w.-]+/g, '_')}.html`);
  await writeFile(file, page(name, md));
  return renderPage(file, screenshot);
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface SourceTable {
  readonly line: number;
  readonly columns: number;
  /** Cells in each row under the rule, as the Markdown writes them. */
  readonly rowCells: readonly number[];
}

/** Cells of a table line: split on pipes that are not backslash-escaped (GFM, code spans too). */
function cellsOf(line: string): string[] {
  const body = line.trim().replace(/^\|/, '');
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') cell += body[i]! + (body[++i] ?? '');
    else if (body[i] === '|') {
      cells.push(cell);
      cell = '';
    } else cell += body[i];
  }
  if (cell.trim() !== '') cells.push(cell);
  return cells;
}

/**
 * The tables the Markdown means: a `|` line followed by a rule line, then the `|` lines under it.
 * Fences count only after a blank line, as rollgate writes them (fencedBlock after "stdout:"), so
 * a fence smuggled in right under a table row does not hide the tables after it.
 */
function sourceTables(md: string): { tables: SourceTable[]; problems: string[] } {
  const lines = md.split('\n');
  const tables: SourceTable[] = [];
  const problems: string[] = [];
  let fence = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence) {
      if (line.startsWith(fence) && line.trim() === '`'.repeat(line.trim().length)) fence = '';
      continue;
    }
    const opener = /^(`{3,})/.exec(line);
    if (opener && (i === 0 || lines[i - 1] === '')) {
      fence = opener[1]!;
      continue;
    }
    if (!line.startsWith('|') || !/^\|(\s*:?-{3,}:?\s*\|)+$/.test(lines[i + 1] ?? '')) continue;
    const columns = cellsOf(line).length;
    const rowCells: number[] = [];
    let end = i + 2;
    for (; end < lines.length && lines[end]!.startsWith('|'); end++) {
      const row = lines[end]!;
      if (!row.trimEnd().endsWith('|')) problems.push(`Markdown line ${end + 1}: table row does not end with a pipe`);
      rowCells.push(cellsOf(row).length);
      if (rowCells.at(-1) !== columns)
        problems.push(`Markdown line ${end + 1}: ${rowCells.at(-1)} cells under a ${columns}-column header`);
    }
    tables.push({ line: i + 1, columns, rowCells });
    i = end - 1;
  }
  return { tables, problems };
}

function children(node: DomElement, name?: string): DomElement[] {
  return node.children.filter((c): c is DomElement => 'name' in c && (name === undefined || c.name === name));
}

/** Everything a reviewer would see differently from what the Markdown says; [] when none. */
function reviewProblems(md: string, dump: string): string[] {
  const doc = parseDump(dump);
  const all = elements(doc);
  const html = children(doc, 'html')[0];
  const head = html && children(html, 'head')[0];
  const body = html && children(html, 'body')[0];
  if (!head || !body) return ['no <head> or <body> in the DOM'];
  const problems = [...sourceTables(md).problems];
  const headNames = children(head).map((e) => e.name);
  if (headNames.join() !== HEAD.join()) problems.push(`DOM: <head> holds ${headNames.join(', ')}`);
  if (all.filter((e) => e.name === 'style' || e.name === 'script').length !== 1)
    problems.push('DOM: a <style> or <script> besides the page style');
  const inBody = elements(body).slice(1);
  for (const e of inBody) {
    if (!ALLOWED.has(e.name)) problems.push(`DOM: <${e.name}> element`);
    for (const [name, value] of Object.entries(e.attributes)) {
      const fenceLanguage = e.name === 'code' && name === 'class' && /^language-[\w-]+$/.test(value);
      if (!fenceLanguage) problems.push(`DOM: <${e.name} ${name}="${value}"> attribute`);
    }
    if (e.children.some((c) => 'comment' in c)) problems.push(`DOM: HTML comment in <${e.name}>`);
  }
  if (Object.keys(body.attributes).length > 0 || body.children.some((c) => 'comment' in c))
    problems.push('DOM: <body> gained attributes or comments');
  for (const p of inBody.filter((e) => e.name === 'p'))
    if (textContent(p).trimStart().startsWith('|')) problems.push(`DOM: paragraph with pipes: ${textContent(p)}`);

  const expected = sourceTables(md).tables;
  const tables = inBody.filter((e) => e.name === 'table');
  if (tables.length !== expected.length)
    problems.push(`DOM: ${tables.length} <table> elements for ${expected.length} Markdown tables`);
  tables.forEach((table, t) => {
    const rows = [...children(table, 'thead'), ...children(table, 'tbody')].flatMap((s) => children(s, 'tr'));
    const [header, ...bodyRows] = rows.map((tr) => children(tr).filter((c) => c.name === 'th' || c.name === 'td'));
    const want = expected[t];
    if (!header) return void problems.push(`DOM: table ${t + 1} has no rows`);
    // markdown-it, like GitHub, pads short rows and drops extra cells, so a row is also held to
    // the cells its Markdown line has: a pipe that split a cell shows up here.
    bodyRows.forEach((cells, r) => {
      const written = want?.rowCells[r];
      if (cells.length !== header.length || (written !== undefined && cells.length !== written))
        problems.push(
          `DOM: table ${t + 1} row ${r + 1}: ${cells.length} cells under ${header.length} headers ` +
            `(${written ?? 'no'} cells in the Markdown)`,
        );
    });
    if (want && (header.length !== want.columns || bodyRows.length !== want.rowCells.length))
      problems.push(
        `DOM: table ${t + 1} is ${header.length} columns x ${bodyRows.length} rows, ` +
          `the Markdown's (line ${want.line}) ${want.columns} x ${want.rowCells.length}`,
      );
  });
  return problems;
}

/** Text of every table cell, for "this untrusted string reads as itself" checks. */
function cellTexts(dump: string): string[] {
  return elements(parseDump(dump))
    .filter((e) => e.name === 'td')
    .map((e) => textContent(e));
}

// Hostile values for the negative controls.
const IMG = '<img src=x onerror=alert(1)>';
const PIPES = '| broken | table |';
const FENCE = '```';
const COMMAND = `deploy ${IMG} ${PIPES} ${FENCE}\nnext line`;
const STDOUT = `${FENCE}\n${IMG}\n${PIPES}\n| --- | --- |\n</code></pre><script>alert(1)</script>\n`;

/** A canary-stage summary from the real renderer, every untrusted field hostile. */
function hostileStageSummary(): string {
  const hash = (n: number) => new Uint8Array(32).fill(n);
  const shard = `eu ${PIPES}`;
  const values = {
    requests: 10_000,
    errors: 90,
    p95_baseline_ms: 120,
    p95_canary_ms: 126,
    replay_determinism_failures: 0,
  };
  return canaryStageSummary({
    report: {
      report_version: STAGE_REPORT_VERSION,
      release_hash: hash(1),
      environment: `prod ${IMG}`,
      shard_id: shard,
      stage_index: 2,
      cohort_percent: 25,
      dwell_seconds: 0,
      traffic: {
        command: COMMAND,
        exit_code: 0,
        stdout: STDOUT,
        stdout_truncated: false,
        stderr: `${IMG}\n`,
        stderr_truncated: true,
      },
      metrics_attempts: 1,
      metrics_snapshot_hash: hash(2),
      gate_report_hash: hash(3),
      verdict: 'fail',
      checkpoint: { cursor: 3, canary_percent: 25, status: 'halted' },
      next: 'rollback',
    },
    snapshot: {
      snapshot_version: SNAPSHOT_VERSION,
      release_hash: hash(1),
      environment: `prod ${IMG}`,
      stage_index: 2,
      cohort_percent: 25,
      shard_id: shard,
      source: { kind: 'prometheus', ref: `http://x/${IMG}\n${PIPES}` },
      queries: { requests: `sum(rate(http_requests_total{job="${IMG}"}[5m])) ${PIPES} \`x\`` },
      window_seconds: 300,
      evaluation_time_utc: '2026-01-01T00:10:00Z',
      values,
    },
    gate_report: {
      report_version: 'rollgate.gate-report/v1',
      operator: GATES_OPERATOR,
      stage_index: 2,
      cohort_percent: 25,
      shard_id: shard,
      metrics_snapshot_hash: hash(2),
      inputs: values,
      gates: [
        {
          gate: 'error_rate',
          value: f64(0.009),
          comparison: '<=',
          threshold: f64(0.005),
          result: 'fail',
          reason: `${IMG} ${PIPES}\n${FENCE}`,
        },
      ],
      verdict: 'fail',
    },
    report_hash: hash(4),
    head_hash: hash(5),
    resumed: false,
  });
}

/** The same hostile text concatenated into a table with no escaping, and a table after it. */
function unescaped(cell: string): string {
  return `## raw\n\n| shard | command |\n| --- | --- |\n| default | ${cell} |\n\n| next |\n| --- |\n| done |\n`;
}
const UNESCAPED: ReadonlyArray<readonly [string, string, RegExp]> = [
  ['an <img> tag', IMG, /^DOM: <img> element$/m],
  ['table pipes', PIPES, /^DOM: table 1 row 1: 2 cells under 2 headers \(5 cells in the Markdown\)$/m],
  ['a newline', 'deploy\nnow', /^DOM: table 1 is 2 columns x 2 rows, the Markdown's \(line 3\) 2 x 1$/m],
  ['a newline and a fence', `deploy\n${FENCE}`, /^DOM: 1 <table> elements for 2 Markdown tables$/m],
  ['all of them', COMMAND, /^DOM: <img> element$/m],
];

const dumps = new Map<string, string>();
let screenshotDir: string;

beforeAll(async () => {
  workdir = await mkdtemp(join(tmpdir(), 'rollgate-summary-render-'));
  screenshotDir = join(workdir, 'png');
  await mkdir(screenshotDir);
  const jobs: Array<readonly [string, string, string | undefined]> = [
    ...(await Promise.all(
      GOLDEN_FILES.map(async (f) => {
        const png = SCREENSHOTS.includes(f) ? join(screenshotDir, `${f.replace(/\W+/g, '_')}.png`) : undefined;
        return [f, await readFile(join(GOLDEN, f), 'utf8'), png] as const;
      }),
    )),
    ['control: escaped', hostileStageSummary(), undefined],
    ...UNESCAPED.map(([what, cell]) => [`control: raw ${what}`, unescaped(cell), undefined] as const),
  ];
  await mapLimit(jobs, CONCURRENCY, async ([name, md, png]) => {
    dumps.set(name, await render(name, md, png));
  });
  // About 40 Chromium renders, two at a time: ~60 s on a quiet two-core machine, more when the
  // machine is shared or the clock is shifted by faketime (every clock read goes through it).
}, 300_000);

afterAll(async () => {
  if (workdir) await rm(workdir, { recursive: true, force: true });
});

describe('golden job summaries rendered in headless Chromium', () => {
  it('covers every golden summary, gate, stage, promote, rollback and lock-verify', () => {
    expect(GOLDEN_FILES.length).toBeGreaterThanOrEqual(30);
    for (const kind of ['gate', 'stage-', 'promote', 'rollback', 'lock-verify'])
      expect(GOLDEN_FILES.some((f) => f.includes(kind))).toBe(true);
  });

  it.each(GOLDEN_FILES)('%s: every table intact, only our own markup, nothing else', async (file) => {
    const md = await readFile(join(GOLDEN, file), 'utf8');
    const dump = dumps.get(file)!;
    expect(sourceTables(md).tables.length).toBeGreaterThan(0);
    expect(reviewProblems(md, dump)).toEqual([]);
  });

  it('shows untrusted shell commands from the goldens as their literal text', () => {
    const stage = cellTexts(dumps.get('rollout/breach/stage-2.summary.md')!);
    expect(stage).toContain(
      'echo "shift $ROLLGATE_COHORT_PERCENT% of $ROLLGATE_RELEASE_HASH in $ROLLGATE_ENVIRONMENT (stage $ROLLGATE_STAGE_INDEX)"',
    );
    expect(stage).toContain('command: cat metrics/stage-$ROLLGATE_STAGE_INDEX.json');
    const rollback = cellTexts(dumps.get('demo/summaries/20-v1.1.0-staging-rollback.md')!);
    expect(rollback).toContain('echo "$ROLLGATE_RELEASE_HASH" > deployed-release.txt');
  });

  it.each(SCREENSHOTS)('%s: the screenshot is a real painted page', async (file) => {
    const png = join(screenshotDir, `${file.replace(/\W+/g, '_')}.png`);
    const bytes = await readFile(png);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect((await stat(png)).size).toBeGreaterThan(8 * 1024);
    const image = PNG.sync.read(bytes);
    expect([image.width, image.height]).toEqual([1280, 2000]);
    // Sample a grid over the top of the page, where the summary is: text, borders, zebra rows
    // and code backgrounds give many colours; a blank or failed page gives one.
    const colours = new Set<number>();
    let painted = 0;
    let samples = 0;
    const background = image.data.readUInt32BE(0);
    for (let y = 0; y < 800; y += 3)
      for (let x = 0; x < image.width; x += 3) {
        const pixel = image.data.readUInt32BE((y * image.width + x) * 4);
        colours.add(pixel);
        samples++;
        if (pixel !== background) painted++;
      }
    expect(colours.size).toBeGreaterThan(10);
    expect(painted / samples).toBeGreaterThan(0.02);
  });
});

describe('negative controls: the checks pass escaped hostile text and catch raw hostile text', () => {
  it('a canary-stage summary with hostile fields renders as text, tables intact', () => {
    const md = hostileStageSummary();
    const dump = dumps.get('control: escaped')!;
    expect(reviewProblems(md, dump)).toEqual([]);
    expect(sourceTables(md).tables).toHaveLength(6);
    const doc = parseDump(dump);
    expect(elements(doc).filter((e) => e.name === 'img' || e.name === 'script')).toEqual([]);
    const cells = cellTexts(dump);
    expect(cells).toContain(COMMAND.replace('\n', ' '));
    expect(cells).toContain(`prod ${IMG}`);
    expect(cells).toContain(`eu ${PIPES}`);
    const blocks = elements(doc)
      .filter((e) => e.name === 'pre')
      .map((e) => textContent(e));
    expect(blocks).toContain(STDOUT);
    expect(blocks).toContain(`${IMG}\n`);
  });

  it.each(UNESCAPED)('raw Markdown with %s is caught', (what, _cell, expected) => {
    const problems = reviewProblems(unescaped(_cell), dumps.get(`control: raw ${what}`)!);
    expect(problems.join('\n')).toMatch(expected);
  });

  it('raw hostile text breaks the table as well as injecting a tag', () => {
    const problems = reviewProblems(unescaped(COMMAND), dumps.get('control: raw all of them')!);
    expect(problems).toContain('DOM: <img> element');
    expect(problems).toContain('DOM: <img onerror="alert(1)"> attribute');
    expect(problems.some((p) => /^DOM: table 1 /.test(p))).toBe(true);
  });
});
