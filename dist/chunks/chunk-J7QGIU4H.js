import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{a as l}from"./chunk-BCEMZ3CP.js";import{c as a,e as r}from"./chunk-WC7YRWSY.js";import{j as s}from"./chunk-54DRPH6X.js";function i(t){let e=t.report,o=t.deployment_report;return[`## ${e.verdict==="restored"?"✅":"❌"} rollgate rollback (${e.environment}): ${e.verdict}
`,r(["rolled back","restored","found in","reason"],[[{code:e.failed_release_hash},{code:e.restored_release_hash},e.restored_from,e.reason]]),r(["deploy command","exit code"],[[{code:e.deploy.command},e.deploy.exit_code]]),e.deploy.stdout?`stdout:

${a(e.deploy.stdout)}`:"",`### Health after the rollback (EvaluateHealthGates_v1)
`,r(["gate","value","comparison","threshold","result","reason"],l(t.gate_report.gates)),`### Deployment report
`,r(["completion","deployments","rollout_success_rate","mean_recovery_time","incident_count"],[[o.completion_status,o.deployments,o.rollout_success_rate===null?"–":String(o.rollout_success_rate),o.mean_recovery_time_seconds===null?"–":`${o.mean_recovery_time_seconds} s`,o.incident_count]]),r(["rollback report","metrics snapshot","state"],[[{code:s(t.report_hash)},{code:s(e.metrics_snapshot_hash)},t.head_hash?{code:s(t.head_hash)}:"–"]])].filter(n=>n!=="").join(`
`)}export{i as a};
