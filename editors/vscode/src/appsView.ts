// The "Altinn Apps" view in the Explorer: apps → layout sets / UI folders → pages → components,
// data models and texts. A click opens the file (a component: at its id); "Rename…" (F2) renames a
// page, component or layout set through the language server's rename, which edits every reference
// and renames the page's file or the set's folder; the active editor's file is revealed when the
// view is visible, and "Reveal in Altinn Apps" shows it on demand.
import * as fs from 'fs';
import * as vscode from 'vscode';
import { AppRef } from './apps';
import { checkNewName, Fs, Kind, Node, outline, pathTo, RENAMABLE, VIEW_COMMANDS } from './outline';

const [REFRESH, OPEN, RENAME, REVEAL] = VIEW_COMMANDS;

export const VIEW_ID = 'altinnStudio.apps';

const realFs: Fs = {
  readText: (f) => {
    try {
      return fs.readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
  },
  list: (d) => {
    try {
      return fs.readdirSync(d);
    } catch {
      return [];
    }
  },
  isDir: (p) => {
    try {
      return fs.statSync(p).isDirectory();
    } catch {
      return false;
    }
  },
};

const ICONS: Record<Kind, string> = {
  app: 'package',
  layoutSet: 'layers',
  uiFolder: 'folder',
  page: 'file',
  component: 'symbol-field',
  settings: 'settings-gear',
  models: 'database',
  model: 'symbol-structure',
  texts: 'book',
  text: 'symbol-text',
};

class AppsTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Node[] = [];
  private readonly parents = new Map<Node, Node>();

  constructor(private readonly apps: () => AppRef[]) {}

  refresh(): void {
    this.parents.clear();
    this.roots = this.apps().map((a) => outline(a, realFs));
    const link = (n: Node) => {
      for (const c of n.children) {
        this.parents.set(c, n);
        link(c);
      }
    };
    this.roots.forEach(link);
    this.changed.fire(undefined);
  }

  getTreeItem(n: Node): vscode.TreeItem {
    const leaf = n.children.length === 0;
    const item = new vscode.TreeItem(
      n.label,
      leaf ? vscode.TreeItemCollapsibleState.None : n.kind === 'app' || n.kind === 'layoutSet' || n.kind === 'uiFolder' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    // A stable id keeps what the user expanded when the view refreshes (files change, renames).
    item.id = `${n.kind}:${n.file ?? ''}:${n.label}`;
    item.description = n.description;
    item.iconPath = new vscode.ThemeIcon(ICONS[n.kind]);
    item.contextValue = `altinn.${n.kind}${RENAMABLE.includes(n.kind) ? ' altinn.renamable' : ''}`;
    if (n.file) {
      item.resourceUri = vscode.Uri.file(n.file);
      item.tooltip = n.file;
      if (opensFile(n)) item.command = { command: OPEN, title: 'Open', arguments: [n] };
    }
    return item;
  }

  getChildren(n?: Node): Node[] {
    if (!n) {
      if (!this.roots.length) this.refresh();
      return this.roots;
    }
    return n.children;
  }

  getParent(n: Node): Node | undefined {
    return this.parents.get(n);
  }

  find(file: string, offset?: number): Node | undefined {
    if (!this.roots.length) this.refresh();
    for (const r of this.roots) {
      const p = pathTo(r, file, offset);
      if (p) return p[p.length - 1];
    }
    return undefined;
  }
}

/** Nodes that stand for a file (or a place in one) rather than a folder. */
function opensFile(n: Node): boolean {
  return !!n.file && ['page', 'component', 'settings', 'model', 'text'].includes(n.kind);
}

async function open(n: Node | undefined): Promise<void> {
  if (!n?.file || !opensFile(n)) return;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(n.file));
  const at = n.at === undefined ? undefined : doc.positionAt(n.at + 1);
  const selection = at && new vscode.Range(at, at.translate(0, n.label.length));
  await vscode.window.showTextDocument(doc, { selection, preview: true });
}

/** Does this folder exist and hold nothing but (empty) folders? */
function onlyEmptyFolders(dir: string): boolean {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).every((e) => e.isDirectory() && onlyEmptyFolders(`${dir}/${e.name}`));
  } catch {
    return false;
  }
}

const WHAT: Partial<Record<Kind, string>> = { page: 'page', component: 'component', layoutSet: 'layout set', uiFolder: 'UI folder' };

/**
 * Renames through the language server (`textDocument/rename` at the name, as F2 in the file would):
 * the same edits, checks and file renames, applied as one refactoring (VS Code saves the files).
 */
async function rename(n: Node, refresh: () => void): Promise<void> {
  const what = WHAT[n.kind] ?? 'item';
  if (!n.rename) {
    void vscode.window.showInformationMessage(n.noRename ?? `This ${what} cannot be renamed here.`);
    return;
  }
  const newName = await vscode.window.showInputBox({
    title: `Rename ${what} '${n.label}'`,
    prompt: 'Every reference is renamed with it (by the Altinn language server).',
    value: n.label,
    valueSelection: [0, n.label.length],
    validateInput: (v) => checkNewName(n, v.trim()),
  });
  const name = newName?.trim();
  if (!name || name === n.label) return;
  const uri = vscode.Uri.file(n.rename.file);
  const doc = await vscode.workspace.openTextDocument(uri);
  const pos = doc.positionAt(n.rename.offset + 1);
  let edit: vscode.WorkspaceEdit | undefined;
  try {
    edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit | undefined>('vscode.executeDocumentRenameProvider', uri, pos, name);
  } catch (e) {
    void vscode.window.showErrorMessage(`Cannot rename ${what} '${n.label}': ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (!edit || edit.size === 0) {
    void vscode.window.showWarningMessage(`Renaming ${what} '${n.label}' changed nothing (is the language server running?)`);
    return;
  }
  const key = (u: vscode.Uri) => u.toString();
  const dirtyBefore = new Set(vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => key(d.uri)));
  if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: true }))) {
    void vscode.window.showErrorMessage(`Renaming ${what} '${n.label}' could not be applied.`);
    return;
  }
  // Save what the rename changed in files that had no unsaved changes before (VS Code's own
  // files.refactoring.autoSave rule, which does not cover every file here): the page files, the
  // page order and the view all agree on disk then.
  for (const [u] of edit.entries()) {
    const doc = vscode.workspace.textDocuments.find((d) => key(d.uri) === key(u));
    if (doc?.isDirty && !dirtyBefore.has(key(u))) await doc.save();
  }
  // The server moves a layout set's files one by one: remove the folder they left (when empty).
  if (n.kind === 'layoutSet' && n.file && onlyEmptyFolders(n.file)) {
    await vscode.workspace.fs.delete(vscode.Uri.file(n.file), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  }
  refresh();
  void vscode.window.setStatusBarMessage(`Renamed ${what} '${n.label}' to '${name}'`, 5000);
}

/** Registers the view; returns `refresh` (call it when `altinn/status` changes). */
export function registerAppsView(ctx: vscode.ExtensionContext, apps: () => AppRef[]): () => void {
  const tree = new AppsTree(apps);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const reveal = (e: vscode.TextEditor | undefined, force = false) => {
    if ((!view.visible && !force) || !e || e.document.uri.scheme !== 'file') return;
    const n = tree.find(e.document.uri.fsPath, e.document.offsetAt(e.selection.active));
    if (n) void view.reveal(n, { select: true, focus: force, expand: true }).then(undefined, () => undefined);
    else if (force) void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(e.document.uri)} is not in the Altinn Apps view (pages, settings, data models and texts are).`);
  };
  let timer: NodeJS.Timeout | undefined;
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => tree.refresh(), 300);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/{ui,models,texts}/**');
  ctx.subscriptions.push(
    view,
    watcher,
    watcher.onDidCreate(later),
    watcher.onDidDelete(later),
    watcher.onDidChange((u) => {
      // Settings and sets change the pages; a layout its components.
      if (/(layout-sets|Settings)\.json$|[\\/]layouts[\\/][^\\/]+\.json$/.test(u.fsPath)) later();
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => reveal(e)),
    view.onDidChangeVisibility(() => reveal(vscode.window.activeTextEditor)),
    vscode.commands.registerCommand(REFRESH, () => tree.refresh()),
    vscode.commands.registerCommand(OPEN, (n?: Node) => open(n ?? view.selection[0])),
    vscode.commands.registerCommand(RENAME, async (n?: Node) => {
      const target = n ?? view.selection[0];
      if (target) await rename(target, () => tree.refresh());
    }),
    vscode.commands.registerCommand(REVEAL, async () => {
      await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
      tree.refresh();
      reveal(vscode.window.activeTextEditor, true);
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
  return () => tree.refresh();
}
