// Dependency edges of an npm-family entry (package-lock, pnpm, yarn): dependencies are
// required; optional and peer dependencies are optional edges (strict mode does not demand
// them), as is a peer marked optional in peerDependenciesMeta.
import type { DependencyEdge } from '../model.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const FIELDS = [
  ['dependencies', false],
  ['optionalDependencies', true],
  ['peerDependencies', true],
] as const;

/** `specOf` turns the written range into the edge's spec (pnpm strips peer suffixes). */
export function npmEdges(entry: Obj, specOf: (spec: string) => string = (s) => s): DependencyEdge[] {
  const out: DependencyEdge[] = [];
  for (const [field, optional] of FIELDS) {
    const deps = entry[field];
    if (!isObj(deps)) continue;
    for (const [name, spec] of Object.entries(deps)) {
      const text = typeof spec === 'string' ? spec : typeof spec === 'number' ? String(spec) : undefined;
      const peerOptional =
        field === 'peerDependencies' && isObj(entry.peerDependenciesMeta) && isObj(entry.peerDependenciesMeta[name]);
      out.push({
        name,
        ...(text !== undefined ? { spec: specOf(text) } : {}),
        ...(optional || peerOptional ? { optional: true } : {}),
      });
    }
  }
  return out;
}
