// Orchestrates the side-by-side benchmarks; run through `bash tests/bench/compare.sh`.
//
//   node bench.cjs --bin ALTINN_LS --node NODE_DIR --shared SHARED --work WORK_DIR --out RESULTS.md
//
// Environment: BENCH_ROUNDS (batch rounds per tool, default 3), BENCH_TIMEOUT_MS (peer limit per
// file, default 20000), BENCH_EDITS (edits per interactive run, default 200), BENCH_EDIT_BUDGET_MS
// (time budget for the edits of one interactive run, default 120000),
// BENCH_PAGES (scale sizes, default "10,100,1000"), BENCH_ONLY ("batch,interactive,scale").
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const BIN = path.resolve(args.bin);
const NODE_DIR = args.node;
const CORPUS = path.join(args.shared, 'altinn/corpus');
const SCHEMAS = path.join(args.shared, 'altinn/schemas/app-frontend-react-v4');
const WORK = args.work;
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS || 20000);
const EDITS = Number(process.env.BENCH_EDITS || 200);
const BUDGET_MS = Number(process.env.BENCH_EDIT_BUDGET_MS || 120000);
const PAGES = (process.env.BENCH_PAGES || '10,100,1000').split(',').map(Number);
const ONLY = (process.env.BENCH_ONLY || 'batch,interactive,scale').split(',');
const HERE = __dirname;
const JSON_SERVER = path.join(NODE_DIR, 'node_modules/vscode-langservers-extracted/bin/vscode-json-language-server');
fs.mkdirSync(WORK, { recursive: true });

const md = [];
// Every measurement behind the tables, written beside them (RESULTS.raw.json) so each figure
// can be traced to the runs it was computed from.
const raw = { batch: null, interactive: [], scale: [] };
const say = (line = '') => {
  md.push(line);
  console.log(line);
};
const log = (s) => process.stderr.write(`[bench] ${s}\n`);
const ms = (v) => (v === null || v === undefined ? '—' : v >= 10000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(v < 10 ? 2 : 0)} ms`);
// The lower median for an even count.
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};
const pct = (v, q) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[Math.round((s.length - 1) * q)] : null;
};

// The files the peer validates, by kind (paths relative to an `App/` folder).
function kindOf(rel) {
  if (/^ui\/(.+\/)?layouts\/[^/]+\.json$/.test(rel)) return 'layout';
  if (/^ui\/(.+\/)?Settings\.json$/.test(rel)) return 'Settings';
  if (rel === 'ui/layout-sets.json') return 'layout-sets';
  if (rel === 'config/applicationmetadata.json') return 'applicationmetadata';
  if (/^config\/texts\/resource\.[^/]+\.json$/.test(rel)) return 'texts';
  return null;
}
function listFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && p.includes('/App/')) {
        const kind = kindOf(p.split('/App/').slice(1).join('/App/'));
        if (kind) out.push({ path: p, kind, size: fs.statSync(p).size });
      }
    }
  };
  walk(root);
  return out;
}

// `/usr/bin/time -f "%e %M"` around a command: wall seconds and peak RSS (KB).
function timed(cmd, argv) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...argv], { maxBuffer: 1 << 30, encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  const m = /([\d.]+) (\d+)\s*$/.exec(r.stderr || '');
  return { wallMs, peakKb: m ? Number(m[2]) : null, stdout: r.stdout, status: r.status };
}

function peer(files, out) {
  const list = path.join(WORK, 'peer-files.json');
  fs.writeFileSync(list, JSON.stringify(files));
  const t0 = performance.now();
  const r = spawnSync('node', [path.join(HERE, 'peer-batch.cjs'), NODE_DIR, SCHEMAS, String(TIMEOUT_MS), list, out], { stdio: ['ignore', 'ignore', 'inherit'] });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`peer-batch failed (${r.status})`);
  const res = JSON.parse(fs.readFileSync(out, 'utf8'));
  const size = new Map(files.map((f) => [f.path, f.size]));
  for (const f of res.files) f.size = size.get(f.path);
  return { ...res, wallMs };
}

function lsp(cfg) {
  const p = path.join(WORK, 'lsp-config.json');
  const out = path.join(WORK, 'lsp-out.json');
  fs.writeFileSync(p, JSON.stringify({ cwd: WORK, edits: EDITS, firstTimeoutMs: 60000, editTimeoutMs: TIMEOUT_MS, budgetMs: BUDGET_MS, insert: 'x', schemaDir: SCHEMAS, ...cfg }));
  fs.rmSync(out, { force: true });
  spawnSync('node', [path.join(HERE, 'lsp-latency.cjs'), p, out], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!fs.existsSync(out)) return { firstMs: null, times: [], timedOut: true, rssKb: null, failed: true };
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}
const altinnCfg = (root, file, at) => ({
  cmd: [BIN, 'lsp'],
  root,
  file,
  at,
  mode: 'push-version',
  initOptions: { settings: { altinnStudio: { debounceMs: 0 } } },
  settings: { altinnStudio: { debounceMs: 0 } },
});
const altinnLsp = (root, file, at, edits) => lsp({ ...altinnCfg(root, file, at), ...(edits !== undefined ? { edits } : {}) });
const jsonLsp = (root, file, at) =>
  lsp({
    cmd: ['node', JSON_SERVER, '--stdio'],
    root,
    file,
    at,
    mode: 'pull',
    // https schema URLs are asked from the client (`vscode/content`), which answers from SCHEMAS.
    initOptions: { handledSchemaProtocols: ['file'] },
    settings: {
      json: {
        validate: { enable: true },
        schemas: [{ url: `file://${SCHEMAS}/layout/layout.schema.v1.json`, fileMatch: ['**/layouts/*.json'] }],
      },
    },
  });
// Candidate edit points: byte offsets just before the closing quote of the first few
// `simpleBinding`, `title` and `id` values. altinn-ls publishes only when a file's diagnostics
// change, so the point used is the first where inserting a character changes them (a broken
// binding, a missing text key, a dangling reference), found by a short altinn-ls probe; the
// JSON server gets the same edits.
function editPoint(root, file) {
  const t = fs.readFileSync(file);
  const points = [];
  for (const key of ['"simpleBinding": "', '"title": "', '"id": "']) {
    const k = Buffer.from(key);
    for (let i = 0, n = 0; n < 3 && (i = t.indexOf(k, i)) >= 0; n++) {
      i = t.indexOf(Buffer.from('"'), i + k.length);
      points.push({ at: i, key: key.split('"')[1] });
    }
  }
  for (const p of points) {
    const r = lsp({ ...altinnCfg(root, file, p.at), edits: 2, editTimeoutMs: 5000, firstTimeoutMs: 30000 });
    if (!r.timedOut && r.times.length === 2) {
      const before = t.subarray(0, p.at).toString('utf8').split('\n');
      return { ...p, where: `${p.key} value, line ${before.length}` };
    }
  }
  log(`no edit point in ${file} changes altinn-ls diagnostics; using the first`);
  return { ...points[0], where: `${points[0].key} value (diagnostics do not change)` };
}
const rel = (p) => path.relative(CORPUS, p);
const version = (pkg) => JSON.parse(fs.readFileSync(path.join(NODE_DIR, 'node_modules', pkg, 'package.json'), 'utf8')).version;

// ---------------------------------------------------------------------------------------------
say('# altinn-ls side-by-side benchmarks');
say();
say(`Generated by \`bash tests/bench/compare.sh\` on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}.`);
say();
say(`- Machine: ${os.cpus()[0].model}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${os.type()} ${os.release()}; load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
say(`- \`${spawnSync(BIN, ['--version'], { encoding: 'utf8' }).stdout.trim()}\` (release build); Node ${process.version}`);
say(`- Peers: vscode-json-languageservice ${version('vscode-json-languageservice')}, vscode-langservers-extracted ${version('vscode-langservers-extracted')} (its JSON server uses the same vscode-json-languageservice)`);
say(`- Schemas: app-frontend v4 (\`shared/altinn/schemas/app-frontend-react-v4\`), every \`…/schemas/json/<path>\` URL mapped to the local copy`);
say();

const corpusFiles = listFiles(CORPUS);
let roundOneTimeouts = new Set();
let peerFinished = [];

if (ONLY.includes('batch')) {
  log(`batch: ${corpusFiles.length} files, ${ROUNDS} rounds per tool, peer limit ${TIMEOUT_MS} ms per file`);
  const a = [];
  const b = [];
  let altinnOut = null;
  let firstPeer = null;
  for (let r = 0; r < ROUNDS; r++) {
    log(`batch round ${r + 1}: altinn-ls check`);
    const x = timed(BIN, ['check', CORPUS, '--format', 'json']);
    a.push(x);
    altinnOut = altinnOut || x.stdout;
    log(`batch round ${r + 1}: peer (${r === 0 ? 'all files' : 'skipping the round-1 timeouts'})`);
    const files = r === 0 ? corpusFiles : corpusFiles.filter((f) => !roundOneTimeouts.has(f.path));
    const y = peer(files, path.join(WORK, `peer-${r}.json`));
    if (r === 0) {
      firstPeer = y;
      roundOneTimeouts = new Set(y.files.filter((f) => f.timeout).map((f) => f.path));
      peerFinished = y.files.filter((f) => !f.timeout && !f.error);
    }
    b.push({ ...y, finishedMs: y.files.filter((f) => !f.timeout).reduce((s, f) => s + f.ms, 0) });
  }
  const report = JSON.parse(altinnOut);
  const apps = new Set(report.diagnostics.map((d) => d.app));
  const byKind = {};
  for (const d of report.diagnostics) {
    const k = kindOf(d.file.split('App/').slice(1).join('App/')) || 'other files';
    byKind[k] = (byKind[k] || 0) + 1;
  }
  const timeouts = firstPeer.files.filter((f) => f.timeout);
  const errors = firstPeer.files.filter((f) => f.error);
  const peerWallOthers = median(b.slice(ROUNDS > 1 ? 1 : 0).map((y) => y.wallMs));
  const peerFinishedMedian = median(b.slice(ROUNDS > 1 ? 1 : 0).map((y) => y.finishedMs));
  const altinnMedian = median(a.map((x) => x.wallMs));
  raw.batch = { timeoutMs: TIMEOUT_MS, altinn: a, peer: b };
  say('## 1. Batch: the whole corpus');
  say();
  say(`${corpusFiles.length} files of 5 kinds in ${new Set(corpusFiles.map((f) => f.path.split('/App/')[0])).size} apps of \`shared/altinn/corpus\`. Runs alternate (altinn-ls, peer, altinn-ls, peer, …), ${ROUNDS} each. altinn-ls: the median of its ${ROUNDS} runs; the peer's round 1 is one run (it finds the timeouts), rounds 2–${ROUNDS}: their median. Peer limit: ${TIMEOUT_MS / 1000} s per file (the worker is killed and a new one, which compiles the schemas again, takes the next file).`);
  say();
  say('| tool | what it checks | wall time | peak RSS | diagnostics |');
  say('| --- | --- | ---: | ---: | ---: |');
  say(`| \`altinn-ls check\` (one process, whole corpus) | every file of every app (also BPMN, policy, data models, options, rule files) against its own model of the 63 components, plus every cross-file rule | ${ms(altinnMedian)} (median of ${ROUNDS}) | ${(median(a.map((x) => x.peakKb)) / 1024).toFixed(0)} MB | ${report.diagnostics.length} (${Object.entries(byKind).map(([k, v]) => `${k} ${v}`).join(', ')}) |`);
  say(`| vscode-json-languageservice, round 1 (all ${corpusFiles.length} files) | each file alone against its JSON schema; no cross-file checks | ${ms(firstPeer.wallMs)} (one run; ${timeouts.length} files charged at the ${TIMEOUT_MS / 1000} s limit) | — | ${peerFinished.reduce((s, f) => s + f.diagnostics, 0)} in the ${peerFinished.length} files it finished; ${timeouts.length} timeouts${errors.length ? `, ${errors.length} errors` : ''} |`);
  if (ROUNDS > 1)
    say(`| vscode-json-languageservice, rounds 2–${ROUNDS} (the ${corpusFiles.length - timeouts.length} files it finishes) | same | ${ms(peerWallOthers)} (median of ${ROUNDS - 1}) | — | — |`);
  say();
  say(`- Ratio, peer ÷ altinn-ls, on the same files (the ${corpusFiles.length - timeouts.length} the peer finishes; altinn-ls checks them and everything else): **${(peerWallOthers / altinnMedian).toFixed(1)}×** (peer's median wall time of rounds ${ROUNDS > 1 ? `2–${ROUNDS}` : '1'} ÷ altinn-ls's median); the peer's pure validation time of those files (sum of per-file times, median over the same rounds) is ${ms(peerFinishedMedian)}, **${(peerFinishedMedian / altinnMedian).toFixed(1)}×**.`);
  say(`- Timeouts, separately: ${timeouts.length} of ${corpusFiles.length} files did not finish within ${TIMEOUT_MS / 1000} s in the peer (listed below); they are left out of the ratio. Round 1 including them, each charged at the limit, took ${ms(firstPeer.wallMs)}, of which ${ms(timeouts.length * TIMEOUT_MS)} are the limits.`);
  say(`- altinn-ls, every round: ${a.map((x) => ms(x.wallMs)).join(', ')}; peer: ${b.map((y) => ms(y.wallMs)).join(', ')}.`);
  say();
  say('Peer time per file, by kind (round 1):');
  say();
  say('| kind | files | median | p95 | max (finished) | timeouts | peer diagnostics | altinn-ls diagnostics |');
  say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const kind of ['layout', 'Settings', 'layout-sets', 'applicationmetadata', 'texts']) {
    const fs_ = firstPeer.files.filter((f) => f.kind === kind);
    const fin = fs_.filter((f) => !f.timeout && !f.error);
    const t = fin.map((f) => f.ms);
    say(`| ${kind} | ${fs_.length} | ${ms(median(t))} | ${ms(pct(t, 0.95))} | ${ms(t.length ? Math.max(...t) : null)} | ${fs_.filter((f) => f.timeout).length} | ${fin.reduce((s, f) => s + f.diagnostics, 0)} | ${byKind[kind] || 0} |`);
  }
  say();
  if (timeouts.length) {
    say(`Files the peer did not finish within ${TIMEOUT_MS / 1000} s: ${timeouts.map((f) => `\`${rel(f.path)}\` (${(f.size / 1024).toFixed(0)} KB)`).join(', ')}.`);
    say();
  }
  const slowest = [...peerFinished].sort((x, y) => y.ms - x.ms).slice(0, 5);
  say(`Slowest files the peer finished: ${slowest.map((f) => `\`${rel(f.path)}\` ${ms(f.ms)}`).join(', ')}.`);
  say();
  const samples = peerFinished.filter((f) => f.sample.length).slice(0, 3);
  if (samples.length) {
    say(`Peer diagnostics look like: ${samples.map((f) => `\`${f.sample[0]}\``).join('; ')}.`);
    say();
  }
  say(`(${apps.size} apps have altinn-ls diagnostics.)`);
  say();
}

if (ONLY.includes('interactive')) {
  const layouts = corpusFiles.filter((f) => f.kind === 'layout').sort((x, y) => y.size - x.size);
  const targets = [layouts[0]];
  // Also the largest layout the peer validated in under a second in the batch run (200 edits
  // on a file that takes the peer many seconds would not fit in the time budget).
  const quick = new Set(peerFinished.filter((p) => p.ms < 1000).map((p) => p.path));
  const done = layouts.find((f) => quick.has(f.path));
  if (done && done.path !== layouts[0].path) targets.push(done);
  say('## 2. Interactive: edit → diagnostics');
  say();
  say(`The same Node client (\`lsp-latency.cjs\`) drives both servers over stdio: open the layout (with its app folder as the workspace), then ${EDITS} edits after 10 warm-up edits, alternately inserting and removing one character at the end of a string value (the first \`simpleBinding\`, \`title\` or \`id\` value whose change changes altinn-ls's diagnostics, as altinn-ls publishes only on a change). altinn-ls: debounce 0, time until \`publishDiagnostics\` for that document version. JSON server: layout schema via \`json.schemas\` (and the file's \`$schema\` answered from the local copy through \`vscode/content\`); pull diagnostics (\`textDocument/diagnostic\` right after the change) so its fixed 500 ms push delay is left out. Limits: 60 s for the first diagnostics, ${TIMEOUT_MS / 1000} s per edit, ${BUDGET_MS / 1000} s for all edits of one run. Besides the largest layout, the largest layout the peer validated in under a second in the batch run.`);
  say();
  say('| layout | server | first diagnostics after open | p50 | p95 | max | edits measured | RSS after open |');
  say('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const f of targets) {
    const root = f.path.split('/App/')[0];
    const point = editPoint(root, f.path);
    const at = point.at;
    for (const [name, run] of [
      ['altinn-ls lsp', altinnLsp],
      ['vscode-json-language-server', jsonLsp],
    ]) {
      log(`interactive: ${name} on ${rel(f.path)}`);
      const r = run(root, f.path, at);
      raw.interactive.push({ file: rel(f.path), server: name, ...r });
      const t = r.times;
      const note = r.failed ? ' (client failed)' : r.timedOut ? (r.firstMs === null ? ' (its first diagnostics did not arrive within the 60 s limit after opening, so no edit was measured)' : ' (stopped: an edit hit the limit)') : r.overBudget ? ` (time budget of ${BUDGET_MS / 1000} s used up)` : '';
      say(`| \`${rel(f.path)}\` (${(f.size / 1024).toFixed(0)} KB; edit in the ${point.where}) | ${name} | ${ms(r.firstMs)} | ${ms(pct(t, 0.5))} | ${ms(pct(t, 0.95))} | ${ms(t.length ? Math.max(...t) : null)} | ${t.length}${note} | ${r.rssKb ? (r.rssKb / 1024).toFixed(0) + ' MB' : '—'} |`);
    }
  }
  say();
}

if (ONLY.includes('scale')) {
  say('## 3. Scale: generated apps');
  say();
  say('`altinn-ls gen-app DIR --pages N --components 40` (one layout set, 2 languages, a data model); `altinn-ls check DIR` under `/usr/bin/time -f "%e %M"`, median of 3 runs; then `altinn-ls lsp` on the app: open one page, time to its first diagnostics and the server\'s RSS then, and edit → diagnostics (50 edits, toggling a binding).');
  say();
  say('| pages | components | layout bytes | check wall (median) | check peak RSS | LSP first diagnostics | LSP RSS after open | LSP edit p50 | LSP edit p95 |');
  say('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const n of PAGES) {
    const dir = path.join(WORK, `gen-${n}`);
    fs.rmSync(dir, { recursive: true, force: true });
    spawnSync(BIN, ['gen-app', dir, '--pages', String(n), '--components', '40'], { stdio: 'inherit' });
    const layoutDir = path.join(dir, 'App/ui/form/layouts');
    const bytes = fs.readdirSync(layoutDir).reduce((s, f) => s + fs.statSync(path.join(layoutDir, f)).size, 0);
    log(`scale: check ${n} pages`);
    const runs = [0, 1, 2].map(() => timed(BIN, ['check', dir]));
    log(`scale: lsp ${n} pages`);
    const page = path.join(layoutDir, 'Page0.json');
    const r = altinnLsp(dir, page, editPoint(dir, page).at, 50);
    raw.scale.push({ pages: n, check: runs, lsp: r });
    say(`| ${n} | ${n * 40} | ${(bytes / 2 ** 20).toFixed(1)} MB | ${ms(median(runs.map((x) => x.wallMs)))} | ${(median(runs.map((x) => x.peakKb)) / 1024).toFixed(0)} MB | ${ms(r.firstMs)} | ${r.rssKb ? (r.rssKb / 1024).toFixed(0) + ' MB' : '—'} | ${ms(pct(r.times, 0.5))} | ${ms(pct(r.times, 0.95))} |`);
  }
  say();
}

say(`Load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (other work on the machine makes every figure noisier; the ratios come from alternated runs).`);
fs.writeFileSync(args.out, md.join('\n') + '\n');
log(`wrote ${args.out}`);
const rawOut = args.out.replace(/\.md$/, '.raw.json');
fs.writeFileSync(rawOut, JSON.stringify(raw, null, 1) + '\n');
log(`wrote ${rawOut}`);
