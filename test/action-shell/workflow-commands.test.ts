// Our runner protocol writes exactly what @actions/core writes for the same calls (the
// toolkit is a dev dependency here only to check this), and untrusted text cannot forge a
// command or break out of a summary.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { processRunner } from '../../src/action-shell/runner.js';
import { visibleControls } from '../../src/action-shell/untrusted-text.js';
import { logSafe, markdownCode, markdownText } from '../../src/action-shell/untrusted-text.js';

const HOSTILE = [
  'plain',
  'line\nbreak',
  '::error::forged',
  '%0A::warning::percent trick',
  'comma, colon: and 100%',
  'cr\r\nlf',
  '\u001b[31mred\u001b[0m',
  '<img src=x onerror=alert(1)>',
  '<details><summary>x</summary>',
  '| a | b |',
  '[link](https://evil.example)',
  '`code` **bold** _em_ # heading',
];

function captureStdout(fn: () => void): string {
  let text = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return text;
}

afterEach(() => vi.unstubAllEnvs());

describe('workflow commands match @actions/core', () => {
  it.each(HOSTILE)('annotations and masks for %j', (text) => {
    const runner = processRunner(process.env);
    const ours = captureStdout(() => {
      runner.annotate({ level: 'error', message: text, title: text, file: `src/${text}.ts`, line: 12 });
      runner.annotate({ level: 'warning', message: text });
      runner.mask(`${text}-secret`);
    });
    // The same encoding as core's, of the text with its controls made visible first (ours
    // keeps no raw ESC or bidi control in the log; core leaves them).
    const shown = visibleControls(text);
    const theirs = captureStdout(() => {
      core.error(shown, { title: shown, file: `src/${text}.ts`, startLine: 12 });
      core.warning(shown);
      core.setSecret(`${text}-secret`);
    });
    // core masks the whole value; ours also masks each line of a multi-line secret.
    expect(ours.startsWith(theirs.split('::add-mask::')[0]!)).toBe(true);
    expect(ours).toContain(theirs.slice(theirs.indexOf('::add-mask::')));
  });

  it.each(HOSTILE)('outputs for %j', (text) => {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-out-'));
    const ours = join(dir, 'ours');
    const theirs = join(dir, 'theirs');
    writeFileSync(ours, '');
    writeFileSync(theirs, '');
    processRunner({ GITHUB_OUTPUT: ours }).setOutput('value', text);
    vi.stubEnv('GITHUB_OUTPUT', theirs);
    core.setOutput('value', text);
    const normalize = (s: string) => s.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIM');
    expect(normalize(readFileSync(ours, 'utf8'))).toBe(normalize(readFileSync(theirs, 'utf8')));
  });

  it('reads INPUT_* like core.getInput: name upper-cased, spaces as _, trimmed; empty is undefined', () => {
    const runner = processRunner({ 'INPUT_LOCK-FILES': '  uv.lock \n', INPUT_MY_INPUT: 'x', INPUT_EMPTY: '' });
    expect(runner.input('lock-files')).toBe('uv.lock');
    expect(runner.input('my input')).toBe('x');
    expect(runner.input('empty')).toBeUndefined();
  });
});

describe('untrusted text', () => {
  it.each(HOSTILE)('logSafe(%j) is one line that cannot start a command', (text) => {
    const safe = logSafe(text);
    // eslint-disable-next-line no-control-regex -- the test looks for raw control characters
    expect(safe).not.toMatch(/[\r\n\u001b]/);
    expect(safe.startsWith('::')).toBe(false);
    const lines = captureStdout(() => processRunner(process.env).info('package: ', text)).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.startsWith('package: ')).toBe(true);
  });

  it('markdownText leaves no tag, link, table pipe or emphasis active', () => {
    for (const text of HOSTILE) {
      const md = markdownText(text);
      expect(md).not.toMatch(/<|>|\n|\r/);
      expect(md).not.toMatch(/(^|[^\\])[|[\]*_`]/);
    }
    expect(markdownText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(markdownCode('sha256:abc')).toBe('`sha256:abc`');
    expect(markdownCode('a`b|c')).toBe('a\\`b\\|c');
  });
});
