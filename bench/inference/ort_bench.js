#!/usr/bin/env node
// onnxruntime-node peer: the same ONNX files and inputs as the other runners, CPU execution
// provider, 2 intra-op threads, sequential execution, all graph optimisations.
//
//   node bench/inference/ort_bench.js [--work bench/.work] [--only NAME] [--rounds 5] [--min-round-s 1.0]
//   node bench/inference/ort_bench.js --profile 5 [--only NAME]
//
// Prints one JSON object per model, the same fields as torch_bench.py; with --profile N, ORT's own
// per-node times instead (median of N profiled runs), in the shape of Grader.Bench.Inference's
// profile mode so compare_layers.py can set them side by side. Install the peer first:
//   (cd bench/inference && npm install --ignore-scripts)
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

function parseArgs(argv) {
  const a = { work: path.join(__dirname, '..', '.work'), only: [], rounds: 5, minRoundS: 1.0, profile: 0 };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    switch (argv[i]) {
      case '--work': a.work = v; i++; break;
      case '--only': a.only.push(v); i++; break;
      case '--rounds': a.rounds = Number(v); i++; break;
      case '--min-round-s': a.minRoundS = Number(v); i++; break;
      case '--profile': a.profile = Number(v); i++; break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return a;
}

function readFloats(file) {
  const buf = fs.readFileSync(file);
  // Copy into an aligned Float32Array: a Buffer's offset into its pool need not be 4-aligned.
  const out = new Float32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

// Same protocol as torch_bench.py: warm-up (3 calls and 1 s), then rounds of whole calls.
async function timedRounds(step, batch, rounds, minRoundS) {
  const now = () => Number(process.hrtime.bigint()) / 1e9;
  let start = now();
  for (let calls = 0; calls < 3 || now() - start < 1.0; calls++) await step();
  const rates = [];
  for (let r = 0; r < rounds; r++) {
    start = now();
    let calls = 0;
    while (calls < 1 || now() - start < minRoundS) { await step(); calls++; }
    rates.push(batch * calls / (now() - start));
  }
  return rates;
}

const round1 = (x) => Math.round(x * 10) / 10;
const median = (xs) => { const s = [...xs].sort((p, q) => p - q); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const sessionOptions = (extra) => ({
  executionProviders: ['cpu'], intraOpNumThreads: 2, interOpNumThreads: 1,
  executionMode: 'sequential', graphOptimizationLevel: 'all', ...extra,
});

// Per-node kernel times of `runs` profiled runs after one warm-up. ORT renames nodes when it
// fuses and converts them to its blocked (NCHWc) layout, so each layer is reported with its op and
// logical input/output shapes, which is what compare_layers.py matches on.
async function profileModel(m, feeds, runs, work) {
  const session = await ort.InferenceSession.create(path.join(work, m.onnx),
    sessionOptions({ enableProfiling: true, profileFilePrefix: path.join(work, `ort-profile-${m.name}`) }));
  for (let r = 0; r <= runs; r++) await session.run(feeds);
  // endProfiling writes the trace; onnxruntime-node does not return its name, so find it by prefix.
  const prefix = `ort-profile-${m.name}_`;
  session.endProfiling();
  await session.release();
  const file = fs.readdirSync(work).filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .map((f) => path.join(work, f)).sort((p, q) => fs.statSync(q).mtimeMs - fs.statSync(p).mtimeMs)[0];
  const events = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.unlinkSync(file);
  const perRun = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').map((e) => [e.ts, e.ts + e.dur]).slice(1);
  const layers = new Map();
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
    if (!perRun.some(([a, b]) => e.ts >= a && e.ts <= b)) continue; // the warm-up run
    const key = e.name;
    if (!layers.has(key)) {
      const shape = (s) => (s ? Object.values(s)[0].join('x') : '');
      // The second input of Conv/Gemm is the weight: report.py derives each layer's FLOPs from it.
      layers.set(key, { node: key.replace(/_kernel_time$/, ''), op: e.args.op_name,
        in_shape: shape(e.args.input_type_shape[0]), out_shape: shape(e.args.output_type_shape[0]),
        w_shape: shape(e.args.input_type_shape[1]), times: [] });
    }
    layers.get(key).times.push(e.dur / 1000);
  }
  const list = [...layers.values()].map((l) => ({ node: l.node, op: l.op, in_shape: l.in_shape, out_shape: l.out_shape,
    w_shape: l.w_shape, ms: median(l.times) }));
  const total = list.reduce((s, l) => s + l.ms, 0);
  return { model: m.name, batch: m.batch, engine: 'onnxruntime-node', total_ms: total, layers: list };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const manifest = JSON.parse(fs.readFileSync(path.join(args.work, 'models.json'), 'utf8'));
  const version = require('onnxruntime-node/package.json').version;
  for (const m of manifest.models) {
    if (args.only.length && !args.only.includes(m.name)) continue;
    const input = new ort.Tensor('float32', readFloats(path.join(args.work, m.input)), [m.batch, ...m.image_shape]);
    const expected = readFloats(path.join(args.work, m.output));
    const feeds = { input };
    if (args.profile > 0) {
      console.log(JSON.stringify(await profileModel(m, feeds, args.profile, args.work)));
      continue;
    }
    const session = await ort.InferenceSession.create(path.join(args.work, m.onnx), sessionOptions({}));
    const out = (await session.run(feeds))[session.outputNames[0]].data;
    let maxDiff = 0;
    for (let i = 0; i < expected.length; i++) maxDiff = Math.max(maxDiff, Math.abs(out[i] - expected[i]));
    const rates = await timedRounds(() => session.run(feeds), m.batch, args.rounds, args.minRoundS);
    console.log(JSON.stringify({
      model: m.name, batch: m.batch, engine: 'onnxruntime-node',
      images_per_s: round1(Math.max(...rates)), median_images_per_s: round1(median(rates)),
      rounds: rates.map(round1), max_abs_diff: maxDiff, version, threads: 2,
    }));
    await session.release();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
