// Batch peer: vscode-json-languageservice validating Altinn app files against the published
// (v4) JSON schemas, read from a local folder because the CDN is unreachable.
//
//   node peer-batch.cjs NODE_DIR SCHEMA_DIR TIMEOUT_MS FILES.json OUT.json
//
// FILES.json: [{"path": "/abs/file.json", "kind": "layout"}, ...]. Files are validated one at a
// time, in one worker thread that keeps the language service (and its compiled schemas) between
// files, as an editor would. A file that takes longer than TIMEOUT_MS is a timeout: the worker is
// terminated and a fresh one (which loads the schemas again) takes the next file.
// OUT.json: {wallMs, files: [{path, kind, ms, diagnostics, timeout}]}.
'use strict';
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

if (isMainThread) {
  main();
} else {
  worker();
}

// Maps a schema URL (any `.../schemas/json/<rest>` form: altinncdn toolkit, plain altinncdn, a
// localhost dev server) to the local copy `<SCHEMA_DIR>/<rest>`.
function localSchema(schemaDir, uri) {
  if (uri.startsWith('file://')) return decodeURIComponent(uri.slice(7));
  const m = /\/schemas\/json\/(.+?)(#.*)?$/.exec(uri);
  if (!m) return null;
  const p = path.join(schemaDir, m[1]);
  return fs.existsSync(p) ? p : null;
}

function worker() {
  const { nodeDir, schemaDir } = workerData;
  const req = createRequire(path.join(nodeDir, 'node_modules', 'x.js'));
  const ls = req('vscode-json-languageservice');
  const { URI, Utils } = req('vscode-uri');
  const service = ls.getLanguageService({
    schemaRequestService: (uri) => {
      const p = localSchema(schemaDir, uri);
      return p
        ? fs.promises.readFile(p, 'utf8')
        : Promise.reject(`schema ${uri} is not available offline`);
    },
    workspaceContext: {
      resolveRelativePath: (rel, resource) =>
        Utils.resolvePath(URI.parse(resource.substring(0, resource.lastIndexOf('/') + 1)), rel).toString(),
    },
  });
  const id = (p) => `https://altinncdn.no/schemas/json/${p}`;
  // Used for files without a `$schema`; a file's own `$schema` wins, as in VS Code.
  service.configure({
    validate: true,
    allowComments: false,
    schemas: [
      { uri: id('layout/layout.schema.v1.json'), fileMatch: ['**/layouts/*.json'] },
      { uri: id('layout/layoutSettings.schema.v1.json'), fileMatch: ['**/Settings.json'] },
      { uri: id('layout/layout-sets.schema.v1.json'), fileMatch: ['**/layout-sets.json'] },
      { uri: id('application/application-metadata.schema.v1.json'), fileMatch: ['**/applicationmetadata.json'] },
      { uri: id('text-resources/text-resources.schema.v1.json'), fileMatch: ['**/texts/resource.*.json'] },
    ],
  });
  parentPort.on('message', async (file) => {
    const t0 = performance.now();
    // An editor hands the service the text without a byte order mark.
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const doc = ls.TextDocument.create(URI.file(file).toString(), 'json', 1, text);
    const json = service.parseJSONDocument(doc);
    const diags = await service.doValidation(doc, json, { schemaValidation: 'error' });
    parentPort.postMessage({
      ms: performance.now() - t0,
      diagnostics: diags.length,
      sample: diags.slice(0, 3).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`),
    });
  });
}

async function main() {
  const [nodeDir, schemaDir, timeoutArg, filesJson, outJson] = process.argv.slice(2);
  const timeoutMs = Number(timeoutArg);
  const files = JSON.parse(fs.readFileSync(filesJson, 'utf8'));
  const t0 = performance.now();
  let w = null;
  const results = [];
  for (const f of files) {
    if (!w) w = new Worker(__filename, { workerData: { nodeDir, schemaDir } });
    const start = performance.now();
    const r = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ timeout: true }), timeoutMs);
      const done = (v) => {
        clearTimeout(timer);
        w.off('message', onMsg);
        w.off('error', onErr);
        resolve(v);
      };
      const onMsg = (m) => done(m);
      const onErr = (e) => done({ error: String(e) });
      w.on('message', onMsg);
      w.on('error', onErr);
      w.postMessage(f.path);
    });
    if (r.timeout || r.error) {
      await w.terminate();
      w = null;
    }
    results.push({
      path: f.path,
      kind: f.kind,
      ms: performance.now() - start,
      diagnostics: r.diagnostics ?? null,
      timeout: !!r.timeout,
      error: r.error ?? null,
      sample: r.sample ?? [],
    });
  }
  if (w) await w.terminate();
  const wallMs = performance.now() - t0;
  fs.writeFileSync(outJson, JSON.stringify({ wallMs, files: results }, null, 1));
}
