// Cold start of every action as the runner starts it (`node dist/actions/<name>.js` on node24,
// inputs as INPUT_* variables, temp RUNNER_TEMP, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY), side
// by side with `node -e 0` on the same Node. Cold start here is process start to the action
// having loaded its code and read its inputs: each run leaves a required input unset, so the
// action loads everything it imports statically, reads and parses every input, and fails with
// its coded INPUT_INVALID annotation and exit 1 (checked) before any real work. Code an action
// loads with import() only after its inputs are valid is not in this time; the notes say how
// much that is. The actions run from a copy of action.yml, actions/ and dist/ outside the
// repository, as the runner has them: no node_modules above them (a bundled package's optional
// require() would otherwise find the repository's). Runs are interleaved (the baseline and every
// action once per round) so a noisy machine slows them alike. An action over the goal is run
// once more with --cpu-prof and its note says where its start went.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { actionsNode, median, moduleGraph, out, profileModules, recordNode, result, root, timeOnce } from './lib.mjs';

const GOAL = 2.5;

/** The shipped actions in `dir`: actions/<name>/action.yml, then the root action.yml. */
function actions(dir) {
  const describe = (name, file) => {
    const yml = parse(readFileSync(file, 'utf8'));
    const required = Object.entries(yml.inputs ?? {}).filter(([, spec]) => spec.required);
    if (required.length === 0) throw new Error(`${relative(dir, file)}: no required input to leave unset`);
    return { name, entry: resolve(dirname(file), yml.runs.main), unset: required[0][0], inputs: {} };
  };
  const perAction = readdirSync(join(dir, 'actions'))
    .filter((d) => statSync(join(dir, 'actions', d, 'action.yml'), { throwIfNoEntry: false }))
    .sort()
    .map((d) => describe(d, join(dir, 'actions', d, 'action.yml')));
  // The root action dispatches on `command`: give one, so the run goes through the dispatch to
  // that operator's own input check (gate's state unset).
  const rootAction = describe('rollgate (root)', join(dir, 'action.yml'));
  return [...perAction, { ...rootAction, unset: 'state', inputs: { command: 'gate' } }];
}

function runnerEnv(tmp, inputs) {
  const dropped = [
    'NODE_OPTIONS',
    'NODE_PATH',
    'ROLLGATE_STATE_TRANSPORT',
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_RESULTS_URL',
  ];
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !dropped.includes(k)),
  );
  const files = { GITHUB_OUTPUT: join(tmp, 'output'), GITHUB_STEP_SUMMARY: join(tmp, 'summary') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  return {
    ...env,
    ...files,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: tmp,
    GITHUB_WORKSPACE: tmp,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
}

const kB = (bytes) => `${Math.round(bytes / 1000)} kB`;
const pct = (share) => `${Math.round(share * 100)} %`;
const size = (files) => files.reduce((n, f) => n + statSync(f).size, 0);

/** Where one --cpu-prof run of an action's start went, kept in bench/out/profiles/. */
function profileNote(node, action, env, tmp, base) {
  const dir = join(out, 'profiles');
  mkdirSync(dir, { recursive: true });
  const name = `${action.entry.split('/').pop().replace(/\.js$/, '')}.cpuprofile`;
  rmSync(join(dir, name), { force: true });
  const args = ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', name, '--cpu-prof-interval', '100'];
  timeOnce(node, [...args, action.entry], { cwd: tmp, env, check: (r) => r.status === 1 });
  const { totalMs, evaluation } = profileModules(JSON.parse(readFileSync(join(dir, name), 'utf8')), base);
  const evaluating = evaluation.reduce((n, m) => n + m.share, 0);
  const top = evaluation
    .slice(0, 3)
    .map((m) => `${m.script.replace(/^dist\//, '')} ${pct(m.share)}`)
    .join(', ');
  return (
    `; profiled (bench/out/profiles/${name}, ${Math.round(totalMs)} ms with the profiler on): ` +
    `${pct(evaluating)} evaluating modules' top-level code (${top}), ${pct(1 - evaluating)} Node's start ` +
    `and loading (resolving, reading, compiling) the modules`
  );
}

export default async function run({ scale }) {
  const { path: node, version, isNode24 } = actionsNode();
  recordNode(node, `action cold starts${isNode24 ? ", the runner's node24" : ''}`);
  // The action as the runner checks it out, outside any directory with a node_modules.
  const copy = mkdtempSync(join(tmpdir(), 'rollgate-cold-start-'));
  for (const part of ['action.yml', 'actions', 'dist']) cpSync(join(root, part), join(copy, part), { recursive: true });
  const tmp = join(copy, 'runner-temp');
  mkdirSync(tmp);
  const list = actions(copy);
  const baselineEnv = runnerEnv(tmp, {});
  const envs = list.map((a) => runnerEnv(tmp, a.inputs));
  const stopsAtInputs = (r) => r.status === 1 && r.stdout.includes('INPUT_INVALID');
  const baseline = () => timeOnce(node, ['-e', '0'], { cwd: tmp, env: baselineEnv, check: (r) => r.status === 0 });
  const start = (i) => timeOnce(node, [list[i].entry], { cwd: tmp, env: envs[i], check: stopsAtInputs });
  // Warm-up: the page cache for every file, for all alike.
  baseline();
  list.forEach((_, i) => start(i));
  const rounds = Math.max(5, Math.round(15 * Math.min(1, scale)));
  const baselineMs = [];
  const actionMs = list.map(() => []);
  for (let round = 0; round < rounds; round++) {
    baselineMs.push(baseline());
    list.forEach((_, i) => actionMs[i].push(start(i)));
  }
  const base = median(baselineMs);
  const rows = list.map((action, i) => {
    const ms = median(actionMs[i]);
    const graph = moduleGraph(action.entry);
    const lazy = graph.reachable.filter((f) => !graph.loaded.includes(f));
    const method =
      i === 0
        ? `cold start = process start to the action having loaded its code and read its inputs: run as the ` +
          `runner does, from a copy with no node_modules above it, with a required input unset so it stops at ` +
          `its INPUT_INVALID error before any real work; median of ${rounds} rounds after a warm-up, each ` +
          `round running node -e 0 and every action once. `
        : '';
    const notes =
      `${method}${relative(copy, action.entry)} with ${action.unset} unset: loads ${kB(size(graph.loaded))} of ` +
      `JavaScript in ${graph.loaded.length} files before reading its inputs, ${kB(size(lazy))} more only through ` +
      `import() once they are valid` +
      (ms / base > GOAL ? profileNote(node, action, envs[i], tmp, copy) : '');
    return result(
      `cold start: ${action.name} action`,
      ms,
      `node -e 0 (Node ${version}${isNode24 ? '' : '; no node24 found'})`,
      base,
      { text: `≤ ${GOAL}×`, check: (r) => r <= GOAL },
      false,
      notes,
    );
  });
  rmSync(copy, { recursive: true, force: true });
  return rows;
}
