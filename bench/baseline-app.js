// The baseline's app command, the counterpart of cdktf.json's `node bin/synth.js`: the same TypeScript loader
// (bin/register.js), then the plain typed cdktf program of bench/baseline.ts over the plan named by BENCH_PLAN,
// synthesized into CDKTF_OUTDIR.
require('../bin/register');
require('./baseline').synthBaseline(process.env.BENCH_PLAN);
