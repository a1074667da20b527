import { createRequire as __rollgateRequire } from 'node:module'; const require = __rollgateRequire(import.meta.url);
import{f as u}from"./chunk-WPZGQ6W4.js";import{a as p}from"./chunk-4LBCJ7OK.js";import{c as i,e as o}from"./chunk-WC7YRWSY.js";import{c,j as h}from"./chunk-54DRPH6X.js";var l={pass:"✅",hold:"⏸️",fail:"❌"};function d(r){return r===null?"missing":typeof r=="string"?r:String(c(r)?r.value:r)}function g(r){return r.map(e=>[e.gate,d(e.value),e.comparison,d(e.threshold),e.result,e.reason])}function x(r){let{report:e,snapshot:a,gate_report:t}=r,s=e.traffic;return[`## ${l[e.verdict]} rollgate canary-stage ${e.stage_index} (${e.cohort_percent}%): ${e.verdict}
`,r.resumed?`_This stage was already judged; its recorded evidence is shown, not judged again._
`:"",o(["release_hash","environment","shard","stage","cohort","dwell","evaluated at","window"],[[{code:h(e.release_hash)},e.environment,e.shard_id,e.stage_index,`${e.cohort_percent}%`,`${e.dwell_seconds} s`,a.evaluation_time_utc,`${a.window_seconds} s`]]),`### Gates (EvaluateHealthGates_v1)
`,o(["gate","value","comparison","threshold","result","reason"],g(t.gates)),`### Frozen metrics snapshot
`,o(["metric","value","query"],p.map(n=>[n,d(a.values[n]),a.queries[n]?{code:a.queries[n]}:"–"])),o(["source","attempts","metrics_snapshot_hash"],[[`${a.source.kind}: ${a.source.ref}`,e.metrics_attempts,{code:h(e.metrics_snapshot_hash)}]]),`### Traffic
`,s?[o(["command","exit code"],[[{code:s.command},s.exit_code]]),s.stdout?`stdout${s.stdout_truncated?" (cut at 64 KiB)":""}:

${i(s.stdout)}`:"",s.stderr?`stderr${s.stderr_truncated?" (cut at 64 KiB)":""}:

${i(s.stderr)}`:""].join(`
`):`No traffic command: traffic is shifted outside rollgate.
`,`### Evidence and next step
`,o(["gate report","stage report","state","checkpoint"],[[{code:h(e.gate_report_hash)},{code:h(r.report_hash)},{code:h(r.head_hash)},`${e.checkpoint.cursor} stage(s) judged, ${e.checkpoint.canary_percent}% exposed, ${e.checkpoint.status}`]]),`**Next:** ${u[e.next]}.
`].filter(n=>n!=="").join(`
`)}var m={pass:"every stage of every shard passed and health allows it: promote may run",hold:"nothing failed, but the rollout is not ready: finish the remaining stages or wait for health, then run the gate again",fail:"a rollback trigger fired: roll back"};function S(r){let{report:e}=r,a=[`## ${l[e.verdict]} rollgate gate (${e.environment}): ${e.verdict}
`,o(["release_hash","environment","health","rollout_gate","health from"],[[{code:h(e.release_hash)},e.environment,e.health.state,e.health.rollout_gate,e.health.source]]),`### Shards
`,o(["shard","stages judged","status","state"],e.shards.map(t=>[t.shard_id,`${t.stages_judged}/${t.stages_planned}`,t.status,{code:h(t.state)}]))];for(let t of e.stages)a.push(`### ${l[t.verdict]} Stage ${t.stage_index} (${t.cohort_percent}%): ${t.verdict}
`),a.push(o(["shard","gate","value","comparison","threshold","result","replayed"],t.shards.flatMap(s=>s.gates.map(n=>[s.shard_id,n.gate,d(n.value),n.comparison,d(n.threshold),n.result,s.replayed?"identical":"DIFFERS"])))),a.push(o(["shard","metrics_snapshot_hash","gate_report_hash"],t.shards.map(s=>[s.shard_id,{code:h(s.metrics_snapshot_hash)},{code:h(s.gate_report_hash)}])));return a.push(`### Rollback triggers
`),a.push(o(["trigger","fired","details"],e.rollback_triggers.map(t=>[t.trigger,t.fired?"yes":"no",t.details.join("; ")||"–"]))),e.holds.length>0&&a.push(o(["held because"],e.holds.map(t=>[t]))),a.push(o(["rollout gate report","state"],[[{code:h(r.report_hash)},{code:h(r.head_hash)}]])),a.push(`**Next:** ${m[e.verdict]}.
`),a.join(`
`)}export{g as a,x as b,S as c};
