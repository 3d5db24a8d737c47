// The "Altinn Apps" view in the Explorer: apps → layout sets / UI folders → pages, data models and
// texts; a click opens the file, and the active editor's file is revealed when the view is visible.
import * as fs from 'fs';
import * as vscode from 'vscode';
import { AppRef } from './apps';
import { Fs, Kind, Node, outline, pathTo, VIEW_COMMANDS } from './outline';

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
    item.description = n.description;
    item.iconPath = new vscode.ThemeIcon(ICONS[n.kind]);
    item.contextValue = `altinn.${n.kind}`;
    if (n.file) {
      item.resourceUri = vscode.Uri.file(n.file);
      item.tooltip = n.file;
      if (leaf && n.kind !== 'app') item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(n.file)] };
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

  find(file: string): Node | undefined {
    for (const r of this.roots) {
      const p = pathTo(r, file);
      if (p) return p[p.length - 1];
    }
    return undefined;
  }
}

/** Registers the view; returns `refresh` (call it when `altinn/status` changes). */
export function registerAppsView(ctx: vscode.ExtensionContext, apps: () => AppRef[]): () => void {
  const tree = new AppsTree(apps);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const reveal = (e: vscode.TextEditor | undefined) => {
    if (!view.visible || !e || e.document.uri.scheme !== 'file') return;
    const n = tree.find(e.document.uri.fsPath);
    if (n) void view.reveal(n, { select: true, focus: false }).then(undefined, () => undefined);
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
      if (/(layout-sets|Settings)\.json$/.test(u.fsPath)) later();
    }),
    vscode.window.onDidChangeActiveTextEditor(reveal),
    view.onDidChangeVisibility(() => reveal(vscode.window.activeTextEditor)),
    vscode.commands.registerCommand(VIEW_COMMANDS[0], () => tree.refresh()),
    { dispose: () => timer && clearTimeout(timer) },
  );
  return () => tree.refresh();
}
