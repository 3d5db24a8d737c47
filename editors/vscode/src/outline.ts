// The Designer's view of an app, read from the file system: layout sets (or UI folders) with
// their pages and components, and the data models. Pure logic over a small file-system interface
// (unit-tested on examples/demo-app); appsView.ts shows it as a tree. Nodes that can be renamed
// carry where the name is written, so that the view asks the language server's rename there
// (the server renames every reference, and the page's file or the set's folder with it).
import { findNodeAtLocation, Node as JsonNode, parseTree } from 'jsonc-parser';
import * as path from 'path';

export interface Fs {
  readText(file: string): string | undefined;
  /** Names in a folder ([] when it does not exist). */
  list(dir: string): string[];
  isDir(p: string): boolean;
}

export type Kind = 'app' | 'layoutSet' | 'uiFolder' | 'page' | 'component' | 'settings' | 'models' | 'model' | 'texts' | 'text';

/** A place in a file: the offset (UTF-16, as in VS Code's documents) of a JSON string's opening quote. */
export interface At {
  file: string;
  offset: number;
}

export interface Node {
  kind: Kind;
  label: string;
  description?: string;
  /** The file opened by a click (pages, settings, models, texts, components) or the folder. */
  file?: string;
  /** Where a click puts the cursor in `file` (a component's id). */
  at?: number;
  /** A component's whole object in its layout file (reveal follows the cursor into it). */
  span?: [number, number];
  /** Where the server's rename is asked (a page in the page order, a layout set id, a component id). */
  rename?: At;
  /** Why this node cannot be renamed from the view (shown instead). */
  noRename?: string;
  children: Node[];
}

/** The kinds the view offers "Rename…" for. */
export const RENAMABLE: Kind[] = ['page', 'component', 'layoutSet', 'uiFolder'];

function json(fs: Fs, file: string): unknown {
  const t = fs.readText(file);
  if (t === undefined) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

function tree(fs: Fs, file: string): JsonNode | undefined {
  const t = fs.readText(file);
  return t === undefined ? undefined : parseTree(t, [], { allowTrailingComma: true });
}

/** The offset of the string at `loc` in the parsed file, when it is a string. */
function stringAt(root: JsonNode | undefined, loc: (string | number)[]): number | undefined {
  const n = root && findNodeAtLocation(root, loc);
  return n?.type === 'string' ? n.offset : undefined;
}

/** The components of a layout file: `data.layout[]` objects with a string id, in file order. */
function components(fs: Fs, file: string): Node[] {
  const root = tree(fs, file);
  const layout = root && findNodeAtLocation(root, ['data', 'layout']);
  if (layout?.type !== 'array') return [];
  const out: Node[] = [];
  for (const c of layout.children ?? []) {
    if (c.type !== 'object') continue;
    const prop = (k: string) => c.children?.find((p) => p.children?.[0]?.value === k)?.children?.[1];
    const id = prop('id');
    if (id?.type !== 'string' || typeof id.value !== 'string' || !id.value) continue;
    const type = prop('type');
    out.push({
      kind: 'component',
      label: id.value,
      description: type?.type === 'string' ? String(type.value) : undefined,
      file,
      at: id.offset,
      span: [c.offset, c.offset + c.length],
      rename: { file, offset: id.offset },
      children: [],
    });
  }
  return out;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Pages of a layout set folder: in Settings.json's order, then the files not in it. */
function pages(fs: Fs, dir: string): Node[] {
  const settingsFile = path.join(dir, 'Settings.json');
  const settings = json(fs, settingsFile) as { pages?: { order?: unknown } } | undefined;
  const order = strings(settings?.pages?.order);
  const settingsTree = order.length ? tree(fs, settingsFile) : undefined;
  const orderAt = (p: string): At | undefined => {
    const raw = settings?.pages?.order as unknown[];
    const i = raw.indexOf(p);
    const offset = stringAt(settingsTree, ['pages', 'order', i]);
    return offset === undefined ? undefined : { file: settingsFile, offset };
  };
  const layoutsDir = path.join(dir, 'layouts');
  const files = fs
    .list(layoutsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
  const out: Node[] = [];
  for (const p of order) {
    const exists = files.includes(p);
    const file = path.join(layoutsDir, `${p}.json`);
    out.push({
      kind: 'page',
      label: p,
      description: exists ? undefined : 'no layout file',
      file: exists ? file : undefined,
      rename: orderAt(p),
      children: exists ? components(fs, file) : [],
    });
  }
  for (const p of files) {
    if (order.includes(p)) continue;
    const file = path.join(layoutsDir, `${p}.json`);
    out.push({
      kind: 'page',
      label: p,
      description: order.length ? 'not in the page order' : undefined,
      file,
      noRename: `Page '${p}' is not in ${path.basename(dir)}/Settings.json's page order, where a rename starts: add it there first, or rename the file.`,
      children: components(fs, file),
    });
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
    const setsTree = tree(fs, setsFile);
    for (const [i, s] of (layoutSets.sets as { id?: unknown; dataType?: unknown; tasks?: unknown }[]).entries()) {
      if (typeof s?.id !== 'string') continue;
      const idAt = stringAt(setsTree, ['sets', i, 'id']);
      const dir = path.join(ui, s.id);
      const tasks = strings(s.tasks);
      const desc = [typeof s.dataType === 'string' ? `model ${s.dataType}` : '', tasks.length ? tasks.join(', ') : ''].filter(Boolean).join(' · ');
      sets.push({
        kind: 'layoutSet',
        label: s.id,
        description: desc || undefined,
        file: dir,
        rename: idAt === undefined ? undefined : { file: setsFile, offset: idAt },
        children: pages(fs, dir),
      });
    }
  } else if (fs.isDir(path.join(ui, 'layouts')) || fs.readText(path.join(ui, 'FormLayout.json')) !== undefined) {
    // Legacy: one set of pages directly under ui/ (or App/ui/FormLayout.json).
    const legacy = pages(fs, ui);
    const single = path.join(ui, 'FormLayout.json');
    if (fs.readText(single) !== undefined) legacy.unshift({ kind: 'page', label: 'FormLayout', file: single, children: [] });
    sets.push({ kind: 'uiFolder', label: 'ui', description: 'legacy', file: ui, noRename: 'The ui folder of an app without layout sets keeps its name.', children: legacy });
  } else {
    // UI folders (backend v9+): every folder of ui/ with a Settings.json or layouts/.
    for (const d of fs.list(ui).sort()) {
      const dir = path.join(ui, d);
      if (!fs.isDir(dir)) continue;
      if (fs.readText(path.join(dir, 'Settings.json')) === undefined && !fs.isDir(path.join(dir, 'layouts'))) continue;
      sets.push({
        kind: 'uiFolder',
        label: d,
        file: dir,
        noRename: `Without layout-sets.json the folder name is the task id: rename task '${d}' in the process (BPMN) instead.`,
        children: pages(fs, dir),
      });
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

const FILE_KINDS: Kind[] = ['page', 'settings', 'model', 'text'];

/**
 * The path from the root to the node of `file` (for reveal), or undefined; with `offset`, down to
 * the component whose object holds it.
 */
export function pathTo(root: Node, file: string, offset?: number): Node[] | undefined {
  if (root.file === file && FILE_KINDS.includes(root.kind)) {
    const c = offset === undefined ? undefined : root.children.find((n) => n.span && n.span[0] <= offset && offset <= n.span[1]);
    return c ? [root, c] : [root];
  }
  for (const c of root.children) {
    const p = pathTo(c, file, offset);
    if (p) return [root, ...p];
  }
  return undefined;
}

/** A rename's new name as the server will take it, or why not (the server checks again). */
export function checkNewName(n: Node, name: string): string | undefined {
  if (name === n.label) return undefined;
  if (n.kind === 'component') {
    return /^[0-9a-zA-Z][0-9a-zA-Z-]*$/.test(name) ? undefined : 'A component id has letters, digits and "-", and starts with a letter or digit';
  }
  return /^[a-zA-Z0-9_-]{2,28}$/.test(name) ? undefined : '2 to 28 letters, digits, "_" or "-"';
}

/** The view's commands (besides HANDLERS): refresh, open an item, rename an item, reveal the active file. */
export const VIEW_COMMANDS = ['altinnStudio.refreshApps', 'altinnStudio.apps.open', 'altinnStudio.apps.rename', 'altinnStudio.revealInApps'];
