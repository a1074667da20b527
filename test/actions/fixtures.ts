// Workspaces for action tests, written from literals into a temp directory.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function workspace(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'rollgate-ws-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const H = (c: string) => c.repeat(64);

export const GOOD_UV_LOCK = `version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "idna" }]

[[package]]
name = "idna"
version = "3.7"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/idna-3.7.tar.gz", hash = "sha256:${H('a')}", size = 10 }
wheels = [{ url = "https://files.pythonhosted.org/packages/idna-3.7-py3-none-any.whl", hash = "sha256:${H('b')}", size = 11 }]
`;

export const BAD_REQUIREMENTS = `# hand-written
requests>=2
urllib3==2.2.1 \\
    --hash=sha256:${H('c')}
left-pad==1.0.0 --hash=md5:${'d'.repeat(32)}
`;

export const GOOD_WORKFLOW = `name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${'e'.repeat(40)} # v4.2.2
      - uses: ./local-action
`;
