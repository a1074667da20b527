// .yarnrc.yml (yarn 2+, beside the lock and in the directories above it): the settings that
// decide where packages come from become index options, each at its line: `npmRegistryServer`
// and `npmScopes.<scope>.npmRegistryServer` (Berry's lock names no registry, so these are the
// only record of one), each host of `unsafeHttpWhitelist`, and `enableStrictSsl` unless it is
// true. Yarn fills `${VAR}` (and `${VAR:-default}`) in from the environment; the policy judges
// such a value unverifiable.
import { isSeq, type Document } from 'yaml';
import type { IndexOption, ParsedLockfile } from '../model.js';
import { guardParse, lockParseError } from './parse-error.js';
import { mappingPairs, parseYamlDoc } from '../../util/yaml-doc.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));

/** The item nodes of a sequence (for their lines); a single value stands for a list of one. */
function itemNodes(doc: Document, keys: readonly string[]): unknown[] {
  const node = doc.getIn(keys, true);
  return isSeq(node) ? node.items : [node];
}

export function parseYarnrcYml(source: string, path: string): ParsedLockfile {
  return guardParse(path, () => {
    const { doc, value, line } = parseYamlDoc(source, path, lockParseError);
    if (value !== null && value !== undefined && !isObj(value))
      throw lockParseError(path, 1, 'not a .yarnrc.yml: the document is not a mapping');
    const config: Obj = isObj(value) ? value : {};
    const indexes: IndexOption[] = [];
    for (const { key, node } of mappingPairs(doc, [])) {
      const at = line(node);
      const setting = config[key];
      if (key === 'npmRegistryServer') indexes.push({ option: key, value: text(setting), line: at, kind: 'index' });
      else if (key === 'enableStrictSsl' && setting !== true && setting !== 'true')
        indexes.push({ option: key, value: text(setting), line: at, kind: 'insecure-transport' });
      else if (key === 'unsafeHttpWhitelist') {
        const hosts = Array.isArray(setting) ? (setting as unknown[]) : [setting];
        const nodes = itemNodes(doc, [key]);
        hosts.forEach((host, i) =>
          indexes.push({ option: key, value: text(host), line: line(nodes[i] ?? node), kind: 'insecure-host' }),
        );
      } else if (key === 'npmScopes' && isObj(setting)) {
        for (const scope of mappingPairs(doc, [key])) {
          const scoped = setting[scope.key];
          if (!isObj(scoped) || !('npmRegistryServer' in scoped)) continue;
          const server = mappingPairs(doc, [key, scope.key]).find((p) => p.key === 'npmRegistryServer');
          indexes.push({
            option: `npmScopes.${scope.key}.npmRegistryServer`,
            value: text(scoped.npmRegistryServer),
            line: server ? line(server.node) : line(scope.node),
            kind: 'index',
          });
        }
      }
    }
    return { path, format: '.yarnrc.yml', ecosystem: 'npm', entries: [], indexes, roots: [] };
  });
}
