// The built CLI (dist/cli.js), run as a child process on Node 20 and Node 24.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyIdOf, parseTrustStore, privateKeyFromPem, publicKeyOf, fromHex } from '../../src/core/index.js';
import { nodeRuntimes } from '../helpers/node-runtimes.js';
import { repoRoot, runCliDist } from '../helpers/run-dist.js';
import { parseLockfile } from '../../src/lock/parse-lockfile.js';

const sharedCorpus = resolve(repoRoot, '../shared/corpus');
const TOOLCHAIN = ['--python-version', '3.12', '--pip-version', '24.2', '--installer-version', 'test'];

describe.each(nodeRuntimes())('dist/cli.js on $name', ({ path: node }) => {
  it('keygen --json writes a 0600 PEM key pair whose key_id matches the printed public key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-keygen-'));
    const run = runCliDist(node, ['keygen', '--out', dir, '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, string>;
    expect(result.key_id).toMatch(/^ed25519:[0-9a-f]{32}$/);
    const privateKey = privateKeyFromPem(readFileSync(result.private_key_path!, 'utf8'));
    expect(keyIdOf(publicKeyOf(privateKey))).toBe(result.key_id);
    expect(keyIdOf(fromHex(result.public_key!))).toBe(result.key_id);
    expect(statSync(result.private_key_path!).mode & 0o777).toBe(0o600);
    // The private key never reaches the output.
    expect(run.stdout).not.toContain(readFileSync(result.private_key_path!, 'utf8').split('\n')[1]);
  });

  it('keygen --trust-store adds each new key with its role to a loadable trust store', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-keygen-'));
    const store = join(dir, 'trust.json');
    const first = runCliDist(node, ['keygen', '--out', dir, '--trust-store', store, '--json']);
    const second = runCliDist(node, [
      'keygen',
      '--out',
      dir,
      '--trust-store',
      store,
      '--role',
      'certificate',
      '--json',
    ]);
    expect([first.status, second.status]).toEqual([0, 0]);
    const parsed = parseTrustStore(readFileSync(store), store);
    const ids = [first, second].map((r) => (JSON.parse(r.stdout) as { key_id: string }).key_id);
    expect([...parsed.keys.keys()]).toEqual(ids);
    expect(parsed.keys.get(ids[0]!)!.roles).toEqual(['release']);
    expect(parsed.keys.get(ids[1]!)!.roles).toEqual(['certificate']);
  });

  it('hash prints sha256:<hex> lines equal to node:crypto, and --json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-hash-'));
    const file = join(dir, 'a.bin');
    writeFileSync(file, 'rollgate\n');
    const expected = `sha256:${createHash('sha256').update('rollgate\n').digest('hex')}`;
    const text = runCliDist(node, ['hash', file]);
    expect(text.status).toBe(0);
    expect(text.stdout).toBe(`${expected}  ${file}\n`);
    const json = runCliDist(node, ['hash', '--json', file]);
    expect(JSON.parse(json.stdout)).toEqual([{ path: file, digest: expected, size: 9 }]);
  });

  it('exits 1 with a coded message on a user error, and never prints a stack', () => {
    const run = runCliDist(node, ['hash', '/nonexistent/rollgate-file']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error\[FILE_NOT_FOUND 2502\]: \/nonexistent\/rollgate-file: no such file\n {2}fix: /);
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  // The bundle resolves some dependencies differently from the sources (scripts/build.mjs
  // aliases @yarnpkg/parsers to its syml module): each format must parse the same through it.
  it.skipIf(!existsSync(sharedCorpus)).each([
    ['npm/sigstore-js.v3.package-lock.json', 'package-lock.json'],
    ['pnpm/changesets.v9.pnpm-lock.yaml', 'pnpm-lock.yaml'],
    ['yarn/changesets.classic.yarn.lock', 'yarn.lock'],
    ['yarn/prettier.berry-v10.yarn.lock', 'yarn.lock'],
    ['uv/sigstore-python.uv.lock', 'uv.lock'],
    ['poetry/rich-2.1.3.poetry.lock', 'poetry.lock'],
    ['requirements/sigstore-python-install.pip-compile.txt', 'requirements.txt'],
  ] as const)('lock-verify reads %s as the sources do', async (corpusFile, name) => {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-formats-'));
    const text = readFileSync(join(sharedCorpus, corpusFile), 'utf8');
    writeFileSync(join(dir, name), text);
    const run = runCliDist(node, ['lock-verify', name, '--mode', 'warn', '--json', ...TOOLCHAIN], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { packages_total: number };
    const parsed = await parseLockfile(text, name, name);
    expect(parsed.entries.length).toBeGreaterThan(10);
    expect(report.packages_total).toBe(parsed.entries.length);
  });

  it('exits 1 on an unknown command or a bad option value', () => {
    expect(runCliDist(node, ['no-such-command']).status).toBe(1);
    const bad = runCliDist(node, ['keygen', '--valid-days', 'soon']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('INPUT_INVALID');
  });

  it('refuses an invalid trust store, leaving it untouched and writing no key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-keygen-'));
    const store = join(dir, 'trust.json');
    writeFileSync(store, '{"not": "a trust store"}');
    const run = runCliDist(node, ['keygen', '--out', dir, '--trust-store', store]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('TRUST_STORE_INVALID');
    expect(readFileSync(store, 'utf8')).toBe('{"not": "a trust store"}');
    expect(readdirSync(dir)).toEqual(['trust.json']);
  });
});
