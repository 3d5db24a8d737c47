// One LSP stdio client for both servers: opens a layout, then times each edit until the
// server's diagnostics for that edit are in.
//
//   node lsp-latency.cjs CONFIG.json OUT.json
//
// CONFIG: {cmd: [argv...], cwd, root (workspace folder), file, mode, edits, at (byte offset),
//   insert, initOptions, settings, schemaDir, firstTimeoutMs, editTimeoutMs, budgetMs (all edits)}
// mode: "push-version": wait for publishDiagnostics carrying the edit's document version
//       (altinn-ls); "pull": send textDocument/diagnostic after the edit and wait for the answer
//       (the JSON server; its push mode adds a fixed 500 ms delay before validating);
//       "push-any": wait for the next publishDiagnostics of the file.
// Edits alternate: insert `insert` at `at`, remove it again.
// OUT: {firstMs, times: [ms...], timedOut, overBudget, rssKb, diagnostics (count after the last
// edit), sample (the first three)}.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const out = process.argv[3];
const proc = spawn(cfg.cmd[0], cfg.cmd.slice(1), { cwd: cfg.cwd, stdio: ['pipe', 'pipe', 'ignore'] });
proc.on('error', (e) => {
  console.error(`lsp-latency: cannot start ${cfg.cmd[0]}: ${e.message}`);
  process.exit(1);
});
proc.stdin.on('error', () => {});

let nextId = 1;
const pending = new Map();
let waiter = null; // (message) => bool: resolves on a matching notification
let lastDiagCount = null;
let lastSample = [];
const sample = (ds) => ds.slice(0, 3).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);

function send(msg) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
  proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  proc.stdin.write(body);
}
const notify = (method, params) => send({ method, params });
function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve) => pending.set(id, resolve));
}

// Schema URLs (`.../schemas/json/<rest>`) are answered from the local copies (`vscode/content`).
function schemaText(uri) {
  const m = /\/schemas\/json\/(.+?)(#.*)?$/.exec(uri);
  const p = m && cfg.schemaDir && path.join(cfg.schemaDir, m[1]);
  return p && fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : null;
}

function onMessage(msg) {
  if (msg.id !== undefined && msg.method) {
    // A request from the server.
    let result = null;
    let error;
    if (msg.method === 'workspace/configuration') {
      result = (msg.params.items || []).map((it) => {
        const s = it.section ? it.section.split('.').reduce((o, k) => (o ? o[k] : undefined), cfg.settings) : cfg.settings;
        return s === undefined ? null : s;
      });
    } else if (msg.method === 'vscode/content') {
      const t = schemaText(msg.params);
      if (t === null) error = { code: -32603, message: `not available offline: ${msg.params}` };
      else result = t;
    }
    send(error ? { id: msg.id, error } : { id: msg.id, result });
  } else if (msg.id !== undefined) {
    const r = pending.get(msg.id);
    pending.delete(msg.id);
    if (r) r(msg);
  } else if (waiter && waiter(msg)) {
    waiter = null;
  }
}

let buf = Buffer.alloc(0);
proc.stdout.on('data', (chunk) => {
  buf = Buffer.concat([buf, chunk]);
  for (;;) {
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const m = /Content-Length: *(\d+)/i.exec(buf.slice(0, end).toString('ascii'));
    const len = Number(m[1]);
    if (buf.length < end + 4 + len) return;
    const body = buf.slice(end + 4, end + 4 + len).toString('utf8');
    buf = buf.slice(end + 4 + len);
    onMessage(JSON.parse(body));
  }
});

const uri = pathToFileURL(cfg.file).href;

function withTimeout(p, ms) {
  return Promise.race([p, new Promise((r) => setTimeout(() => r('timeout'), ms))]);
}

// Resolves when the diagnostics for `version` are in.
function diagnosticsFor(version) {
  if (cfg.mode === 'pull') {
    return request('textDocument/diagnostic', { textDocument: { uri } }).then((r) => {
      lastDiagCount = r.result ? (r.result.items || []).length : null;
      lastSample = r.result ? sample(r.result.items || []) : [];
    });
  }
  return new Promise((resolve) => {
    waiter = (msg) => {
      if (msg.method !== 'textDocument/publishDiagnostics' || msg.params.uri !== uri) return false;
      if (cfg.mode === 'push-version' && msg.params.version !== version) return false;
      lastDiagCount = msg.params.diagnostics.length;
      lastSample = sample(msg.params.diagnostics);
      resolve();
      return true;
    };
  });
}

function rssKb() {
  try {
    const s = fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(s)[1]);
  } catch {
    return null;
  }
}

// (line, UTF-16 character) of a byte offset.
function position(text, at) {
  const before = Buffer.from(text, 'utf8').slice(0, at).toString('utf8');
  const lines = before.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

async function main() {
  const res = { firstMs: null, times: [], timedOut: false, rssKb: null, diagnostics: null };
  const finish = () => {
    res.diagnostics = lastDiagCount;
    res.sample = lastSample;
    fs.writeFileSync(out, JSON.stringify(res));
    proc.kill('SIGKILL');
    process.exit(0);
  };
  const root = pathToFileURL(cfg.root).href;
  const init = await withTimeout(
    request('initialize', {
      processId: process.pid,
      rootUri: root,
      workspaceFolders: [{ uri: root, name: path.basename(cfg.root) }],
      initializationOptions: cfg.initOptions ?? null,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: {
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
          ...(cfg.mode === 'pull' ? { diagnostic: { dynamicRegistration: false } } : {}),
        },
      },
    }),
    cfg.firstTimeoutMs,
  );
  if (init === 'timeout') {
    res.timedOut = true;
    return finish();
  }
  notify('initialized', {});
  notify('workspace/didChangeConfiguration', { settings: cfg.settings ?? {} });
  const text = fs.readFileSync(cfg.file, 'utf8').replace(/^\uFEFF/, '');
  const t0 = performance.now();
  const first = cfg.mode === 'pull' ? null : diagnosticsFor(0);
  notify('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 0, text } });
  if ((await withTimeout(first ?? diagnosticsFor(0), cfg.firstTimeoutMs)) === 'timeout') {
    res.timedOut = true;
    return finish();
  }
  res.firstMs = performance.now() - t0;
  res.rssKb = rssKb();
  const start = position(text, cfg.at);
  const len = cfg.insert.length;
  const editsStart = performance.now();
  for (let i = 1; i <= cfg.edits + 10; i++) {
    if (cfg.budgetMs && performance.now() - editsStart > cfg.budgetMs) {
      res.overBudget = true;
      break;
    }
    const range =
      i % 2 === 1
        ? { start, end: start }
        : { start, end: { line: start.line, character: start.character + len } };
    const t = performance.now();
    const done = cfg.mode === 'pull' ? null : diagnosticsFor(i);
    notify('textDocument/didChange', {
      textDocument: { uri, version: i },
      contentChanges: [{ range, text: i % 2 === 1 ? cfg.insert : '' }],
    });
    const r = await withTimeout(done ?? diagnosticsFor(i), cfg.editTimeoutMs);
    if (r === 'timeout') {
      res.timedOut = true;
      break;
    }
    // The first 10 edits warm up.
    if (i > 10) res.times.push(performance.now() - t);
  }
  return finish();
}

main();
