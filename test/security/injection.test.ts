// DESIGN 9: untrusted text is neutralized. Through the built actions (dist/actions/*.js run as
// the runner runs them), package names of a lockfile and the output of a canary stage's traffic
// command carry workflow commands, CR/LF smuggling, HTML, Markdown links and table pipes. The
// step's log may hold no workflow command but rollgate's own, with every injected byte of them
// %-escaped so it cannot end the command or start another; the summary renders all of it as
// literal text (entities, backslash escapes, or a fenced code block), never as markup.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDigest } from '../../src/core/digest.js';
import { HEALTHY, rolloutWorkspace, stageMetrics } from '../deploy/rollout-workspace.js';
import { workspace } from '../actions/fixtures.js';
import { runAction, type ActionRun } from '../helpers/run-action.js';

const node = process.execPath;

/** Names a workflow could read as commands, or a summary as markup. */
const COMMAND_NAMES = [
  '::error::pwned',
  '%0A::warning::x',
  '\r\n::set-output name=x::y',
  '  ::notice::indented',
  '<img src=x onerror=alert(1)>',
  '<details open>',
  '[x](javascript:alert(1))',
  'pi|pe|d',
] as const;

/** A package-lock.json v3: its node_modules keys are free-form names. No integrity: findings. */
function packageLock(names: readonly string[]): string {
  const packages: Record<string, unknown> = { '': { name: 'app', version: '1.0.0' } };
  for (const name of names)
    packages[`node_modules/${name}`] = { version: '1.0.0', resolved: 'https://registry.npmjs.org/x/-/x-1.0.0.tgz' };
  return JSON.stringify({ name: 'app', lockfileVersion: 3, packages }, null, 2);
}

const OWN_COMMANDS = new Set(['error', 'warning', 'notice', 'debug']);

/**
 * Every line the runner would read as a workflow command (it trims the line first): each must
 * be one of rollgate's own, its properties free of raw `:` `,` CR LF, and its message free of
 * raw CR LF, so nothing injected can end it or start another.
 */
function commandProblems(stdout: string): string[] {
  const problems: string[] = [];
  if (stdout.includes('\r')) problems.push('raw CR in stdout');
  for (const line of stdout.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('::')) continue;
    const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/s.exec(trimmed);
    if (!match || line !== trimmed) {
      problems.push(`not a well-formed command: ${JSON.stringify(line)}`);
      continue;
    }
    const [, name, props] = match;
    if (!OWN_COMMANDS.has(name!)) problems.push(`foreign command ${name}: ${JSON.stringify(line)}`);
    for (const prop of props ? props.split(',') : [])
      if (!/^(title|file|line|col|endLine|endColumn)=[^:,\r\n]*$/.test(prop))
        problems.push(`unescaped property ${JSON.stringify(prop)}`);
  }
  return problems;
}

// eslint-disable-next-line no-control-regex -- finding raw control characters is the point
const RAW_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** The summary without its fenced code blocks, where text is literal by construction. */
function outsideFences(summary: string): string {
  const kept: string[] = [];
  let fence: string | undefined;
  for (const line of summary.split('\n')) {
    if (fence === undefined) {
      const open = /^(`{3,})[a-z]*$/.exec(line);
      if (open) fence = open[1];
      else kept.push(line);
    } else if (line === fence) fence = undefined;
  }
  expect(fence).toBeUndefined(); // every fence the summary opens, it closes
  return kept.join('\n');
}

/** Raw markup a renderer would act on. */
function markupProblems(markdown: string): string[] {
  const found: string[] = [];
  for (const [what, re] of [
    ['raw <img', /<img/i],
    ['raw <details', /<details/i],
    ['a javascript: link', /(?<!\\)\]\(\s*javascript:/i],
    ['an autolink to javascript:', /<javascript:/i],
  ] as const)
    if (re.test(markdown)) found.push(what);
  return found;
}

describe('lockfile package names through lock-verify', () => {
  let run: ActionRun;
  beforeAll(() => {
    const ws = workspace({ 'package-lock.json': packageLock(COMMAND_NAMES) });
    run = runAction(node, 'lock-verify', { lockfiles: 'package-lock.json' }, { workspace: ws });
  }, 60_000);

  it('fails on the unhashed entries, annotating each one', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.outputs['packages-total']).toBe(String(COMMAND_NAMES.length));
    expect(run.stdout.match(/^::error title=LOCK_HASH_MISSING/gm)).toHaveLength(COMMAND_NAMES.length);
  });

  it('writes no workflow command but its own, with the names %-escaped inside them', () => {
    expect(commandProblems(run.stdout)).toEqual([]);
    expect(run.stdout).not.toMatch(/::add-mask::|::set-output|::error::pwned|::warning::x|::notice::/);
    // The runner's escaping, exactly: `%` first, then CR, LF and (in properties) `:` and `,`.
    expect(run.stdout).toContain('::error title=LOCK_HASH_MISSING%3A %3A%3Aerror%3A%3Apwned,');
    expect(run.stdout).toContain('::error title=LOCK_HASH_MISSING%3A %250A%3A%3Awarning%3A%3Ax,');
    expect(run.stdout).toContain('::error title=LOCK_HASH_MISSING%3A %0D%0A%3A%3Aset-output name=x%3A%3Ay,');
    expect(run.stdout).not.toMatch(RAW_CONTROLS);
  });

  it('renders every name in the summary as literal text', () => {
    expect(markupProblems(outsideFences(run.summary))).toEqual([]);
    expect(run.summary).not.toMatch(RAW_CONTROLS);
    expect(run.summary).toContain('| &lt;img src=x onerror=alert(1)&gt; |');
    expect(run.summary).toContain('| &lt;details open&gt; |');
    expect(run.summary).toContain('| \\[x\\](javascript:alert(1)) |');
    expect(run.summary).toContain('| pi\\|pe\\|d |');
    // CR and LF became spaces: the name stays inside its table cell.
    expect(run.summary).toContain('|   ::set-output name=x::y |');
    // Every findings row keeps its six cells: no injected pipe splits one.
    const rows = run.summary.split('\n').filter((l) => l.startsWith('| error |'));
    expect(rows).toHaveLength(COMMAND_NAMES.length);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(8);
  });
});

describe('lockfile names with terminal escapes and bidi overrides', () => {
  it('renders them in the summary with the controls replaced', () => {
    const names = ['\u001b[31mred', 'a\u202eevil\u202c', '\u2066iso\u2069'];
    const ws = workspace({ 'package-lock.json': packageLock(names) });
    const run = runAction(node, 'lock-verify', { lockfiles: 'package-lock.json' }, { workspace: ws });
    expect(run.status).toBe(1);
    expect(commandProblems(run.stdout)).toEqual([]);
    expect(run.summary).not.toMatch(RAW_CONTROLS);
    // In the annotations too: controls become visible \u escapes.
    expect(run.stdout).not.toMatch(RAW_CONTROLS);
    expect(run.stdout).toContain('\\u001b[31mred');
    expect(run.summary).toContain('|  \\[31mred |');
    expect(run.summary).toContain('| a evil  |');
  }, 60_000);
});

describe('a lockfile path through lock-verify', () => {
  // Directory names may hold anything but `/` and NUL: the path reaches annotations (file=) and
  // the summary's findings table. (The input is a list of glob patterns, one per line, so the
  // name keeps to characters a glob takes literally.)
  const dir = '::error::pwned%0A<img src=x onerror=alert`1`>&lt;details&gt;::notice::x';
  let run: ActionRun;
  beforeAll(() => {
    const ws = workspace({ [`${dir}/package-lock.json`]: packageLock(['left-pad']) });
    run = runAction(node, 'lock-verify', { lockfiles: `${dir}/package-lock.json` }, { workspace: ws });
  }, 60_000);

  it('annotates the finding with the path %-escaped in its file property', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(commandProblems(run.stdout)).toEqual([]);
    expect(run.stdout).not.toMatch(/^\s*::(error::pwned|notice::x)/m);
    expect(run.stdout).toContain(
      'file=%3A%3Aerror%3A%3Apwned%250A<img src=x onerror=alert`1`>&lt;details&gt;%3A%3Anotice%3A%3Ax/package-lock.json,',
    );
    expect(run.stdout).not.toMatch(RAW_CONTROLS);
  });

  it('renders the path in the summary as literal text inside its cell', () => {
    expect(markupProblems(outsideFences(run.summary))).toEqual([]);
    expect(run.summary).not.toMatch(RAW_CONTROLS);
    expect(run.summary).toContain('&lt;img src=x onerror=alert\\`1\\`&gt;&amp;lt;details&amp;gt;');
    const rows = run.summary.split('\n').filter((l) => l.startsWith('| error |'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.replace(/\\\|/g, '').split('|')).toHaveLength(8);
  });
});

describe('metric names in metrics JSON through canary-stage', () => {
  it('refuses an unknown metric with its name escaped in the annotation and fenced in the summary', async () => {
    const hostile = '::error::pwned\r\n<img src=x onerror=alert(1)>\u001b[31m|';
    const { ws, state } = await rolloutWorkspace({ files: stageMetrics({ ...HEALTHY, [hostile]: 1 }) });
    const run = runAction(node, 'canary-stage', { state: formatDigest(state) }, { workspace: ws });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /^::error title=rollgate canary-stage%3A METRICS_INVALID 2018::metrics command output: unknown metric /m,
    );
    expect(commandProblems(run.stdout)).toEqual([]);
    expect(run.stdout).not.toMatch(/^\s*::error::pwned/m);
    expect(run.stdout).not.toMatch(RAW_CONTROLS);
    // The summary repeats the error with the name inside a fence, controls made spaces.
    expect(run.summary).toMatch(/^## rollgate canary-stage: failed with METRICS_INVALID \(2018\)\n\n```text\n/);
    expect(run.summary).toContain('unknown metric "::error::pwned\\r\\n<img src=x onerror=alert(1)>\\u001b[31m|"');
    expect(markupProblems(outsideFences(run.summary))).toEqual([]);
    expect(run.summary).not.toMatch(RAW_CONTROLS);
  }, 60_000);
});

describe('traffic command output through canary-stage', () => {
  const hostile = [
    '::error::pwned',
    '%0A::warning::x',
    '  ::notice::indented',
    '<img src=x onerror=alert(1)>',
    '<details open>',
    '[x](javascript:alert(1))',
    '| a | b |',
    '```',
    '\u001b[31mred\u202eevil',
  ].join('\n');
  // printf interprets the \r \n escapes itself; single quotes keep the shell out of the rest.
  const printHostile = `printf '%s\\r\\n::set-output name=x::y\\n' '${hostile}'`;
  let prepared: { ws: string; state: string };

  beforeAll(async () => {
    const a = await rolloutWorkspace({ files: stageMetrics(HEALTHY, HEALTHY) });
    prepared = { ws: a.ws, state: formatDigest(a.state) };
  }, 60_000);

  function copy(): string {
    const to = join(mkdtempSync(join(tmpdir(), 'rollgate-injection-')), 'ws');
    cpSync(prepared.ws, to, { recursive: true });
    return to;
  }

  it('a passing stage keeps the output out of the log and fenced in the summary', () => {
    const run = runAction(
      node,
      'canary-stage',
      { state: prepared.state, 'traffic-command': printHostile },
      { workspace: copy() },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(commandProblems(run.stdout)).toEqual([]);
    expect(run.stdout).not.toMatch(/::set-output|::error::pwned|::warning::x|::notice::/);
    expect(run.stdout).not.toMatch(RAW_CONTROLS);
    expect(markupProblems(outsideFences(run.summary))).toEqual([]);
    expect(run.summary).not.toMatch(RAW_CONTROLS);
    // Inside a fence longer than the output's own backtick run, so the text cannot close it.
    expect(run.summary).toContain('````text\n::error::pwned\n');
    expect(run.summary).toContain('<img src=x onerror=alert(1)>\n');
  }, 60_000);

  it('a failing traffic command puts its stderr into an annotation, escaped', () => {
    const run = runAction(
      node,
      'canary-stage',
      { state: prepared.state, 'traffic-command': `${printHostile} >&2; exit 3` },
      { workspace: copy() },
    );
    expect(run.status).toBe(1);
    expect(commandProblems(run.stdout)).toEqual([]);
    expect(run.stdout).not.toMatch(/^\s*::(set-output|error::pwned|warning::x|notice::)/m);
    // Inside the message, CR and LF are escaped: the text stays on the annotation's line.
    expect(run.stdout).toContain('%0A::error::pwned%0A%250A::warning::x%0A');
    expect(run.stdout).toContain('%0D%0A::set-output name=x::y%0A');
    // Raw ESC and bidi controls become visible escapes in the annotation message.
    expect(run.stdout).not.toMatch(RAW_CONTROLS);
    expect(run.stdout).toContain('\\u001b[31mred\\u202eevil');
    expect(markupProblems(outsideFences(run.summary))).toEqual([]);
  }, 60_000);
});
