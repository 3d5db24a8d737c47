// The Designer's view of an app, read from the file system: layout sets (or UI folders) with
// their pages, and the data models. Pure logic over a small file-system interface (unit-tested
// on examples/demo-app); appsView.ts shows it as a tree.
import * as path from 'path';

export interface Fs {
  readText(file: string): string | undefined;
  /** Names in a folder ([] when it does not exist). */
  list(dir: string): string[];
  isDir(p: string): boolean;
}

export type Kind = 'app' | 'layoutSet' | 'uiFolder' | 'page' | 'settings' | 'models' | 'model' | 'texts' | 'text';

export interface Node {
  kind: Kind;
  label: string;
  description?: string;
  /** The file opened by a click (pages, settings, models, texts) or the folder. */
  file?: string;
  children: Node[];
}

function json(fs: Fs, file: string): unknown {
  const t = fs.readText(file);
  if (t === undefined) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Pages of a layout set folder: in Settings.json's order, then the files not in it. */
function pages(fs: Fs, dir: string): Node[] {
  const settingsFile = path.join(dir, 'Settings.json');
  const settings = json(fs, settingsFile) as { pages?: { order?: unknown } } | undefined;
  const order = strings(settings?.pages?.order);
  const layoutsDir = path.join(dir, 'layouts');
  const files = fs
    .list(layoutsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
  const out: Node[] = [];
  for (const p of order) {
    const exists = files.includes(p);
    out.push({
      kind: 'page',
      label: p,
      description: exists ? undefined : 'no layout file',
      file: exists ? path.join(layoutsDir, `${p}.json`) : undefined,
      children: [],
    });
  }
  for (const p of files) {
    if (!order.includes(p)) out.push({ kind: 'page', label: p, description: order.length ? 'not in the page order' : undefined, file: path.join(layoutsDir, `${p}.json`), children: [] });
  }
  if (fs.readText(settingsFile) !== undefined) out.push({ kind: 'settings', label: 'Settings.json', file: settingsFile, children: [] });
  return out;
}

export function outline(app: { appDir: string; name: string; root: string }, fs: Fs): Node {
  const ui = path.join(app.appDir, 'ui');
  const sets: Node[] = [];
  const setsFile = path.join(ui, 'layout-sets.json');
  const layoutSets = json(fs, setsFile) as { sets?: unknown } | undefined;
  if (layoutSets && Array.isArray(layoutSets.sets)) {
    for (const s of layoutSets.sets as { id?: unknown; dataType?: unknown; tasks?: unknown }[]) {
      if (typeof s?.id !== 'string') continue;
      const dir = path.join(ui, s.id);
      const tasks = strings(s.tasks);
      const desc = [typeof s.dataType === 'string' ? `model ${s.dataType}` : '', tasks.length ? tasks.join(', ') : ''].filter(Boolean).join(' · ');
      sets.push({ kind: 'layoutSet', label: s.id, description: desc || undefined, file: dir, children: pages(fs, dir) });
    }
  } else if (fs.isDir(path.join(ui, 'layouts')) || fs.readText(path.join(ui, 'FormLayout.json')) !== undefined) {
    // Legacy: one set of pages directly under ui/ (or App/ui/FormLayout.json).
    const legacy = pages(fs, ui);
    const single = path.join(ui, 'FormLayout.json');
    if (fs.readText(single) !== undefined) legacy.unshift({ kind: 'page', label: 'FormLayout', file: single, children: [] });
    sets.push({ kind: 'uiFolder', label: 'ui', description: 'legacy', file: ui, children: legacy });
  } else {
    // UI folders (backend v9+): every folder of ui/ with a Settings.json or layouts/.
    for (const d of fs.list(ui).sort()) {
      const dir = path.join(ui, d);
      if (!fs.isDir(dir)) continue;
      if (fs.readText(path.join(dir, 'Settings.json')) === undefined && !fs.isDir(path.join(dir, 'layouts'))) continue;
      sets.push({ kind: 'uiFolder', label: d, file: dir, children: pages(fs, dir) });
    }
  }
  const modelsDir = path.join(app.appDir, 'models');
  const models: Node[] = fs
    .list(modelsDir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((f) => ({ kind: 'model', label: f.slice(0, -'.schema.json'.length), file: path.join(modelsDir, f), children: [] }));
  const textsDir = path.join(app.appDir, 'config', 'texts');
  const texts: Node[] = fs
    .list(textsDir)
    .filter((f) => /^resource\.[^.]+\.json$/.test(f))
    .sort()
    .map((f) => ({ kind: 'text', label: f.split('.')[1], description: f, file: path.join(textsDir, f), children: [] }));
  const children = [...sets];
  if (models.length) children.push({ kind: 'models', label: 'Data models', file: modelsDir, children: models });
  if (texts.length) children.push({ kind: 'texts', label: 'Texts', file: textsDir, children: texts });
  return { kind: 'app', label: app.name, file: app.root, children };
}

/** The path from the root to the node that opens `file` (for reveal), or undefined. */
export function pathTo(root: Node, file: string): Node[] | undefined {
  if (root.file === file && root.kind !== 'app' && root.children.length === 0) return [root];
  for (const c of root.children) {
    const p = pathTo(c, file);
    if (p) return [root, ...p];
  }
  return undefined;
}
export const VIEW_COMMANDS = ['altinnStudio.refreshApps'];
