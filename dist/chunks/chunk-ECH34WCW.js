import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{b as o,e as n,f as h}from"./chunk-WC7YRWSY.js";import{j as s}from"./chunk-54DRPH6X.js";var c=200;function g(e,l){let i=[`## ${e.lock_verdict==="pass"?"✅":"❌"} rollgate lock-verify: ${e.lock_verdict}${e.mode==="warn"?" (warn mode: the step does not fail)":""}
`,n(["packages_total","hash_mismatches","policy_violations","lockfiles"],[[e.packages_total,e.hash_mismatches,e.policy_violations,e.lockfiles.length]]),`### Lockfiles
`,n(["file","format","packages","sha256"],e.lockfiles.map(a=>[a.path,a.format,a.packages,{code:s(a.sha256)}])),`### Bound hashes
`,n(["hash","value"],[["lockfile_hash",{code:s(e.lockfile_hash)}],["toolchain_hash",{code:s(e.toolchain_hash)}],["runtime_env_hash",{code:s(e.runtime_env_hash)}],["dependencies_lock_hash",{code:s(e.dependencies_lock_hash)}],["policy_hash",{code:s(e.policy_hash)}],["sbom_hash",{code:s(e.sbom_hash)}],["replay_token",{code:s(e.replay_token)}],["state",{code:l}]]),`Toolchain: python_version ${o(e.toolchain.python_version)}, pip_version ${o(e.toolchain.pip_version)}, installer_version ${o(e.toolchain.installer_version)}.
`];return e.artifacts.checked&&i.push(`### Artifact hashes
`,n(["verified","hash_mismatches","missing","extra"],[[e.artifacts.verified,e.hash_mismatches,e.artifacts.missing,e.artifacts.extra]])),i.push(`### Findings (${e.findings.length})
`),i.push(e.findings.length===0?`None: every entry is pinned, hashed and from an allowed source.
`:h(["severity","code","file","line","package","finding"],e.findings.map(a=>[a.severity,{code:a.code},a.file,a.line,a.package,a.message]),c,"findings")),e.upgrade_report.requested&&(i.push(`### Upgrade review (${e.upgrade_report.allowed?"allowed":"has disallowed changes"})
`),i.push(e.upgrade_report.changes.length===0?`No dependency changed.
`:h(["package","change","from","to","risk","allowed"],e.upgrade_report.changes.map(a=>[a.package,a.change,a.from??"",a.to??"",a.risk,a.allowed?"yes":"no"]),c,"changes"))),i.join(`
`)}export{g as a};
