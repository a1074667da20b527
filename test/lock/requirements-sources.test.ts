// Every requirements.txt option that names a package source or weakens transport is checked
// against the policy or is a finding at its line, through the real lock-verify job over files in
// a temp directory: the index and find-links options in every spelling pip accepts (`--opt v`,
// `--opt=v`, `-ov`, quoted, abbreviated), files pulled in with -r/-c, and options pip does not
// list. A plain index on an allowed host still passes.
import { describe, expect, it } from 'vitest';
import { HASHED_REQUIREMENT, verify, where } from './lock-workspace.js';

/** A requirements file whose line 2 is `option` (line 1 a comment), then a hashed requirement. */
const withOption = (option: string) => ({ 'requirements.txt': `# pinned\n${option}\n${HASHED_REQUIREMENT}` });

describe('requirements.txt options of the issue (regressions: each passed with 0 findings)', () => {
  it.each([
    ['--find-links ./vendor', 'LOCK_SOURCE_UNVERIFIABLE'],
    ['-f /tmp/wheels', 'LOCK_SOURCE_UNVERIFIABLE'],
    ['--trusted-host pypi.org', 'LOCK_TRANSPORT_WEAKENED'],
    ['--extra-index-url ${PIP_EXTRA}', 'LOCK_SOURCE_UNVERIFIABLE'],
  ])('%s is a finding at its line and fails the enforce verdict', async (option, code) => {
    const report = await verify(withOption(option), ['requirements.txt']);
    expect(where(report)).toEqual([['requirements.txt', 2, code]]);
    expect(report.lock_verdict).toBe('fail');
    expect(report.policy_violations).toBe(1);
  });
});

describe('requirements.txt source options in every spelling', () => {
  it.each([
    // find-links: local paths and file URLs cannot be checked against allowed_hosts
    ['--find-links=./vendor', 'LOCK_SOURCE_UNVERIFIABLE'],
    ['-f./vendor', 'LOCK_SOURCE_UNVERIFIABLE'],
    ['-fvendor', 'LOCK_SOURCE_UNVERIFIABLE'],
    ['--find-links "./vendor dir"', 'LOCK_SOURCE_UNVERIFIABLE'],
    ['--find-links file:///tmp/wheels', 'LOCK_SOURCE_UNVERIFIABLE'],
    ['--no-index --find-links ./vendor', 'LOCK_SOURCE_UNVERIFIABLE'],
    ['--find-links https://evil.example/wheels/', 'LOCK_HOST_NOT_ALLOWED'],
    // indexes: the environment, other hosts, plain http, abbreviations optparse accepts
    ['--extra-index-url $PIP_EXTRA', 'LOCK_SOURCE_UNVERIFIABLE'],
    ['--extra-index-url=${PIP_EXTRA}', 'LOCK_SOURCE_UNVERIFIABLE'],
    ['--extra-index-url https://pypi.org${SUFFIX}', 'LOCK_SOURCE_UNVERIFIABLE'],
    ["--extra-index-url 'https://evil.example/simple'", 'LOCK_HOST_NOT_ALLOWED'],
    ['--extra-index https://evil.example/simple', 'LOCK_HOST_NOT_ALLOWED'],
    ['--pre --extra-index-url https://evil.example/simple', 'LOCK_HOST_NOT_ALLOWED'],
    // transport
    ['--trusted-host=pypi.org', 'LOCK_TRANSPORT_WEAKENED'],
    ['--trusted evil.example', 'LOCK_TRANSPORT_WEAKENED'],
    // options pip does not list are not ignored
    ['--frobnicate https://evil.example/simple', 'LOCK_SOURCE_UNVERIFIABLE'],
    ['--e https://evil.example/simple', 'LOCK_SOURCE_UNVERIFIABLE'],
    ['-x ./vendor', 'LOCK_SOURCE_UNVERIFIABLE'],
    ['--${OPTION}=https://evil.example/simple', 'LOCK_SOURCE_UNVERIFIABLE'],
  ])('%s → %s at line 2', async (option, code) => {
    const report = await verify(withOption(option), ['requirements.txt']);
    expect(where(report)).toContainEqual(['requirements.txt', 2, code]);
    expect(report.findings.every((f) => f.line === 2)).toBe(true);
    expect(report.lock_verdict).toBe('fail');
  });

  it.each([
    ['--index-url ./simple', 'LOCK_SOURCE_UNVERIFIABLE'],
    ['-ihttps://evil.example/simple', 'LOCK_HOST_NOT_ALLOWED'],
    ['-i https://evil.example/simple', 'LOCK_HOST_NOT_ALLOWED'],
    ['--pypi-url https://evil.example/simple', 'LOCK_HOST_NOT_ALLOWED'],
  ])('%s → %s at line 2, and at each requirement that index serves', async (option, code) => {
    const report = await verify(withOption(option), ['requirements.txt']);
    expect(where(report)).toEqual([
      ['requirements.txt', 2, code],
      ['requirements.txt', 3, code],
    ]);
  });

  it('plain http is both insecure and, off the allowlist, another host', async () => {
    const report = await verify(withOption('--index-url http://mirror.example/simple'), ['requirements.txt']);
    expect(where(report)).toContainEqual(['requirements.txt', 2, 'LOCK_INSECURE_URL']);
    expect(where(report)).toContainEqual(['requirements.txt', 2, 'LOCK_HOST_NOT_ALLOWED']);
  });

  it('options written after a requirement on its own line are checked too', async () => {
    const report = await verify(
      {
        'requirements.txt': `idna==3.7 --extra-index-url https://evil.example/simple \\\n    --hash=sha256:${'a'.repeat(64)}\n`,
      },
      ['requirements.txt'],
    );
    expect(where(report)).toEqual([['requirements.txt', 1, 'LOCK_HOST_NOT_ALLOWED']]);
  });

  it('a requirement pip completes from the environment is a finding at its line', async () => {
    const report = await verify({ 'requirements.txt': `# x\n${HASHED_REQUIREMENT}\${PACKAGE}\n` }, [
      'requirements.txt',
    ]);
    expect(where(report)).toEqual([['requirements.txt', 4, 'LOCK_SOURCE_UNVERIFIABLE']]);
  });

  it('each option on one line is checked', async () => {
    const report = await verify(withOption('--find-links ./vendor --trusted-host pypi.org'), ['requirements.txt']);
    expect(where(report)).toEqual([
      ['requirements.txt', 2, 'LOCK_SOURCE_UNVERIFIABLE'],
      ['requirements.txt', 2, 'LOCK_TRANSPORT_WEAKENED'],
    ]);
  });
});

describe('requirements.txt that pass', () => {
  it('--index-url https://pypi.org/simple on an allowed host passes', async () => {
    const report = await verify(withOption('--index-url https://pypi.org/simple'), ['requirements.txt']);
    expect(report.findings).toEqual([]);
    expect(report.lock_verdict).toBe('pass');
  });

  it('every spelling of an allowed https index, harmless options and hashes pass', async () => {
    const report = await verify(
      {
        'requirements.txt': [
          '-i https://pypi.org/simple',
          '--index-url=https://pypi.org/simple/',
          '-ihttps://pypi.org/simple',
          '--extra-index-url "https://pypi.org/simple"',
          '--find-links https://files.pythonhosted.org/packages/',
          '--pre',
          '--prefer-binary',
          '--require-hashes',
          '--only-binary :all:',
          '--no-binary=:none:',
          '--use-feature truststore',
          HASHED_REQUIREMENT,
        ].join('\n'),
      },
      ['requirements.txt'],
    );
    expect(report.findings).toEqual([]);
  });

  it('with https_only off, --trusted-host of an allowed host passes and of another host does not', async () => {
    const policy = 'https_only: false\nallowed_hosts: [pypi.org, files.pythonhosted.org, mirror.internal:8080]\n';
    const ok = await verify(withOption('--trusted-host mirror.internal:8080'), ['requirements.txt'], policy);
    expect(ok.findings).toEqual([]);
    const other = await verify(withOption('--trusted-host evil.example'), ['requirements.txt'], policy);
    expect(where(other)).toEqual([['requirements.txt', 2, 'LOCK_HOST_NOT_ALLOWED']]);
  });
});

describe('files pulled in with -r and -c', () => {
  const base = (option: string) => `# base\n${option}\n${HASHED_REQUIREMENT}`;

  it('a file this run does not verify is a finding at the -r line', async () => {
    const report = await verify(
      { 'requirements.txt': `-r requirements-base.txt\n${HASHED_REQUIREMENT}`, 'requirements-base.txt': '' },
      ['requirements.txt'],
    );
    expect(where(report)).toEqual([['requirements.txt', 1, 'LOCK_SOURCE_UNVERIFIABLE']]);
  });

  it('a file the run verifies too is checked in its own right, at its own lines', async () => {
    const report = await verify(
      {
        'reqs/requirements.txt': `--requirement=requirements-base.txt\n-c ../constraints.txt\n${HASHED_REQUIREMENT}`,
        'reqs/requirements-base.txt': base('-f /tmp/wheels'),
        'constraints.txt': base('--trusted-host pypi.org'),
      },
      ['reqs/*.txt', 'constraints.txt'],
    );
    expect(where(report)).toEqual([
      ['constraints.txt', 2, 'LOCK_TRANSPORT_WEAKENED'],
      ['reqs/requirements-base.txt', 2, 'LOCK_SOURCE_UNVERIFIABLE'],
    ]);
  });

  it.each([
    '-r https://evil.example/requirements.txt',
    '-c file:///tmp/constraints.txt',
    '-r ${REQUIREMENTS}',
    '-r /etc/requirements.txt',
  ])('%s is a finding at its line', async (option) => {
    const report = await verify(withOption(option), ['requirements.txt']);
    expect(where(report)).toEqual([['requirements.txt', 2, 'LOCK_SOURCE_UNVERIFIABLE']]);
  });
});
