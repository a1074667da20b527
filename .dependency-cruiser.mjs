// The layering of src/ as a checked rule (npm run lint): imports point down the list in
// scripts/layers.mjs, never up or sideways, and never in a cycle. docs/architecture.md shows
// the same list.
import { forbiddenRules } from './scripts/layers.mjs';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: forbiddenRules(),
  options: {
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
