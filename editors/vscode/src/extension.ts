// Altinn Studio Tools: starts `altinn-ls lsp`, wires its features into VS Code through
// vscode-languageclient, and adds commands, a status bar and an output channel.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { AppRef, appFor, appsOf, folderHasApp, inside } from './apps';
import { registerAppsView } from './appsView';
import { registerCheckTask } from './checkTask';
import { registerSchemaNotice } from './schemaNotice';
import { isCommandAction, keepLens, lensCommand } from './serverCommands';
import { Credentials, HANDLERS, Host, ID, InputOptions, PickItem, SERVER, SYNC_ACTIONS } from './commands';
import { studioRepo } from './designer';
import {
  RuntimeParams,
  runtimeStatusText,
  serverStatusText,
  StatusParams,
  SyncParams,
  syncStatusText,
} from './format';
import { RestartPolicy } from './restartPolicy';
import { RunController } from './runTerminal';
import { documentSelector } from './selector';
import { findServer, isFound } from './serverPath';
import { studioUrlFrom, withoutClientOnly } from './studio';
import { redact } from './trace';

const loadedAt = performance.now();
const SECTION = 'altinnStudio';
const TOKEN_KEY = 'altinnStudio.token';
const ACCOUNT_KEY = 'altinnStudio.account';

function isExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    if (process.platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A LogOutputChannel-shaped trace channel: on when `altinnStudio.trace.server` is not "off". */
class TraceChannel {
  private readonly emitter = new vscode.EventEmitter<vscode.LogLevel>();
  readonly onDidChangeLogLevel = this.emitter.event;
  readonly name = 'Altinn Studio (LSP trace)';
  private channel: vscode.LogOutputChannel | undefined;

  constructor(private readonly secrets: () => string[]) {}

  get logLevel(): vscode.LogLevel {
    const v = vscode.workspace.getConfiguration(SECTION).get<string>('trace.server', 'off');
    return v === 'off' ? vscode.LogLevel.Info : vscode.LogLevel.Trace;
  }

  settingChanged(): void {
    this.emitter.fire(this.logLevel);
  }

  private out(): vscode.LogOutputChannel {
    // A log channel (timestamps, and a file in the extension's log folder); written at info level
    // because its own level filter would drop trace lines.
    this.channel ??= vscode.window.createOutputChannel(this.name, { log: true });
    return this.channel;
  }

  private write(msg: string): void {
    this.out().info(redact(msg, this.secrets()));
  }

  trace(msg: string): void {
    this.write(msg);
  }
  debug(msg: string): void {
    this.write(msg);
  }
  info(msg: string): void {
    this.write(msg);
  }
  warn(msg: string): void {
    this.write(msg);
  }
  error(msg: string | Error): void {
    this.write(typeof msg === 'string' ? msg : msg.message);
  }
  append(v: string): void {
    this.out().append(redact(v, this.secrets()));
  }
  appendLine(v: string): void {
    this.write(v);
  }
  replace(v: string): void {
    this.out().replace(redact(v, this.secrets()));
  }
  clear(): void {
    this.channel?.clear();
  }
  show(): void {
    this.out().show(true);
  }
  hide(): void {
    this.channel?.hide();
  }
  dispose(): void {
    this.channel?.dispose();
    this.emitter.dispose();
  }
}

class AltinnExtension implements Host {
  readonly log: vscode.LogOutputChannel;
  private readonly trace: TraceChannel;
  private client: LanguageClient | undefined;
  private readonly policy = new RestartPolicy();
  private stopping = false;
  private stoppedMessage: string | undefined;
  private starting = false;
  private status: StatusParams | undefined;
  private sync: SyncParams | undefined;
  private rt: RuntimeParams | undefined;
  private token: string | undefined;
  private readonly appItem: vscode.StatusBarItem;
  private readonly syncItem: vscode.StatusBarItem;
  private readonly runtimeItem: vscode.StatusBarItem;
  private readonly metricsFile = process.env.ALTINN_VSCODE_METRICS_FILE;
  private readonly runner: RunController;

  constructor(private readonly ctx: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Altinn Studio', { log: true });
    this.trace = new TraceChannel(() => (this.token ? [this.token] : []));
    this.appItem = vscode.window.createStatusBarItem('altinnStudio.app', vscode.StatusBarAlignment.Left, 10);
    this.appItem.name = 'Altinn Studio: app and server';
    this.appItem.command = ID.showActions;
    this.syncItem = vscode.window.createStatusBarItem('altinnStudio.sync', vscode.StatusBarAlignment.Left, 9);
    this.syncItem.name = 'Altinn Studio: sync';
    this.runtimeItem = vscode.window.createStatusBarItem('altinnStudio.runtime', vscode.StatusBarAlignment.Left, 8);
    this.runtimeItem.name = 'Altinn Studio: test runtime';
    this.runtimeItem.command = ID.openInBrowser;
    ctx.subscriptions.push(this.log, this.trace, this.appItem, this.syncItem, this.runtimeItem);
    this.runner = new RunController({
      serverCommand: () => this.serverCommand(),
      setRuntime: (rt) => {
        this.rt = rt;
        this.render();
      },
      runtime: () => this.rt,
      log: this.log,
    });
    this.render();
  }

  /** The altinn-ls executable, found as for the language server. */
  serverCommand(): string | undefined {
    const found = this.findServer();
    if (isFound(found)) return found.command;
    this.log.error(found.error);
    return undefined;
  }

  appRunner(): RunController {
    return this.runner;
  }

  metric(name: string, value: number | string): void {
    if (!this.metricsFile) return;
    try {
      fs.appendFileSync(this.metricsFile, JSON.stringify({ name, value, at: Date.now() }) + '\n');
    } catch {
      /* metrics are best effort */
    }
  }

  // ----- status bar ---------------------------------------------------------------------

  private render(): void {
    const s = serverStatusText(this.status, this.starting, this.stoppedMessage);
    this.appItem.text = s.text;
    this.appItem.tooltip = s.tooltip;
    this.appItem.backgroundColor =
      this.stoppedMessage || this.status?.health === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.appItem.show();
    const sy = syncStatusText(this.sync);
    if (sy) {
      this.syncItem.text = sy.text;
      this.syncItem.tooltip = sy.tooltip;
      this.syncItem.command = {
        title: 'Sync',
        command: ID.showActions + '.sync',
      };
      this.syncItem.show();
    } else {
      this.syncItem.hide();
    }
    const r = runtimeStatusText(this.rt);
    if (r) {
      this.runtimeItem.text = r.text;
      this.runtimeItem.tooltip = r.tooltip;
      this.runtimeItem.show();
    } else {
      this.runtimeItem.hide();
    }
  }

  // ----- the language client ------------------------------------------------------------

  async start(): Promise<void> {
    if (this.client) return;
    const t0 = performance.now();
    this.stoppedMessage = undefined;
    this.starting = true;
    this.render();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const found = this.findServer();
    if (!isFound(found)) {
      this.starting = false;
      this.log.error(found.error);
      for (const t of found.tried) this.log.info(`  looked at ${t}`);
      this.fail(found.error);
      return;
    }
    this.log.info(`Starting ${found.command} lsp (found via ${found.source})`);
    const serverOptions: ServerOptions = {
      command: found.command,
      args: ['lsp'],
      // languageclient appends --stdio for TransportKind.stdio; altinn-ls accepts it.
      transport: TransportKind.stdio,
      options: { cwd: folder, env: { ...process.env, RUST_BACKTRACE: '1' } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: documentSelector(),
      outputChannel: this.log,
      traceOutputChannel: this.trace as unknown as vscode.LogOutputChannel,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: { settings: this.settings() },
      synchronize: { configurationSection: SECTION },
      middleware: {
        // Server commands on lenses and actions as VS Code runs them (serverCommands.ts); on
        // applicationmetadata.json the extension shows its own Run app lens (runTerminal.ts).
        provideCodeLenses: async (doc, token, next) =>
          (await next(doc, token))?.filter((l) => keepLens(l.command?.command, doc.uri.fsPath)).map((l) => this.vscodeLens(l)),
        resolveCodeLens: async (lens, token, next) => {
          const r = await next(lens, token);
          return r ? this.vscodeLens(r) : r;
        },
        provideCodeActions: async (doc, range, context, token, next) =>
          (await next(doc, range, context, token))?.filter((a) => !(a instanceof vscode.CodeAction && isCommandAction(a.kind?.value))),
        // A file that is gone has no problems: a publish for it that arrives after it was
        // renamed or deleted (a layout set's folder moved) would otherwise stay in Problems.
        handleDiagnostics: (uri, diagnostics, next) => {
          next(uri, uri.scheme === 'file' && diagnostics.length && !fs.existsSync(uri.fsPath) ? [] : diagnostics);
        },
        workspace: {
          // The server reports keys it does not know: keep the client-only ones (studioUrl) from it.
          configuration: async (params, token, next) => {
            const r = await next(params, token);
            return Array.isArray(r) ? r.map((v) => withoutClientOnly(v)) : r;
          },
        },
      },
      diagnosticCollectionName: 'altinn',
      errorHandler: {
        error: (_e, _m, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
        closed: () => this.closed(),
      },
      initializationFailedHandler: (e) => {
        this.fail(`The Altinn Studio language server failed to initialize: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      },
    };
    const client = new LanguageClient(SECTION, 'Altinn Studio', serverOptions, clientOptions);
    this.client = client;
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) {
        this.starting = false;
        this.render();
      }
    });
    try {
      await client.start();
    } catch (e) {
      this.client = undefined;
      this.starting = false;
      const msg = e instanceof Error ? e.message : String(e);
      this.log.error(`Could not start ${found.command}: ${msg}`);
      this.fail(`The Altinn Studio language server (${found.command}) could not be started: ${msg}`);
      return;
    }
    const readyMs = performance.now() - t0;
    this.log.info(`Server ready after ${readyMs.toFixed(0)} ms`);
    this.metric('serverReadyMs', Math.round(readyMs));
    this.ctx.subscriptions.push(
      client.onNotification('altinn/status', (p: StatusParams) => {
        this.status = p;
        this.starting = false;
        this.render();
        this.refreshApps?.();
        if (p.health === 'error' && p.message) this.log.error(p.message);
      }),
      client.onNotification('altinn/sync', (p: SyncParams) => {
        this.sync = p;
        this.render();
      }),
      client.onNotification('altinn/runtime', (p: RuntimeParams) => {
        this.rt = p;
        this.render();
      }),
    );
    const c = await this.loadCredentials();
    if (c) await this.sendCredentials(c).catch((e) => this.log.warn(`altinn/setCredentials: ${String(e)}`));
    void this.refreshSync();
  }

  /**
   * Clears what was published for files that were renamed or deleted (or lay in a folder that was),
   * now and once more when late publishes have arrived.
   */
  dropGone(gone: readonly vscode.Uri[]): void {
    const sweep = () => {
      const coll = this.client?.diagnostics;
      if (!coll) return;
      const stale: vscode.Uri[] = [];
      coll.forEach((u) => {
        if (u.scheme === 'file' && gone.some((g) => inside(u.fsPath, g.fsPath)) && !fs.existsSync(u.fsPath)) stale.push(u);
      });
      for (const u of stale) coll.delete(u);
    };
    sweep();
    setTimeout(sweep, 2000);
  }

  findServer() {
    return findServer({
      setting: vscode.workspace.getConfiguration(SECTION).get<string>('server.path'),
      extensionPath: this.ctx.extensionPath,
      pathEnv: process.env.PATH,
      platform: process.platform,
      homeDir: os.homedir(),
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      isExecutable,
      exists: (f) => fs.existsSync(f),
    });
  }

  /** The apps of the workspace: from `altinn/status`, else the workspace folders that are apps. */
  apps(): AppRef[] {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    return appsOf(this.status?.apps, folders, (f) => fs.existsSync(f));
  }

  /** The app a command is for: the active file's, the only one, else the user picks (multi-root). */
  async activeApp(): Promise<AppRef | undefined> {
    const apps = this.apps();
    const doc = vscode.window.activeTextEditor?.document;
    const own = appFor(doc?.uri.scheme === 'file' ? doc.uri.fsPath : undefined, apps);
    if (own || apps.length <= 1) return own ?? apps[0];
    const p = await vscode.window.showQuickPick(
      apps.map((a) => ({ label: a.name, description: a.root, app: a })),
      { placeHolder: 'Which app?' },
    );
    return p?.app;
  }

  async appRoot(): Promise<string | undefined> {
    return (await this.activeApp())?.root;
  }

  studioUrl(): string | undefined {
    const v = vscode.workspace.getConfiguration(SECTION).get<string>('studioUrl');
    return v ? studioUrlFrom(v) : undefined;
  }

  private settings(): unknown {
    // A plain object copy: the server reads only its keys (debounceMs, requiredLanguages, severity, ignore).
    return withoutClientOnly(JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(SECTION))) as Record<string, unknown>);
  }

  /** A lens whose server command VS Code can run (serverCommands.ts). */
  private vscodeLens(lens: vscode.CodeLens): vscode.CodeLens {
    const client = this.client;
    if (lens.command && client) {
      const c = client.protocol2CodeConverter;
      lens.command = lensCommand(
        lens.command,
        {
          uri: (v) => vscode.Uri.parse(v),
          position: (v) => c.asPosition(v as Parameters<typeof c.asPosition>[0]),
          location: (v) => c.asLocation(v as Parameters<typeof c.asLocation>[0]),
        },
        ID.runApp,
      ) as vscode.Command;
    }
    return lens;
  }

  private closed(): { action: CloseAction; message?: string; handled?: boolean } {
    if (this.stopping) return { action: CloseAction.DoNotRestart, handled: true };
    if (this.policy.crashed(Date.now())) {
      this.log.warn(`The language server stopped unexpectedly; restarting it (${this.policy.count} of ${4})`);
      this.metric('restart', this.policy.count);
      return { action: CloseAction.Restart, handled: true };
    }
    const msg = this.policy.giveUpMessage();
    this.log.error(msg);
    this.fail(msg);
    return { action: CloseAction.DoNotRestart, handled: true };
  }

  private fail(message: string): void {
    this.stoppedMessage = message;
    this.starting = false;
    this.render();
    this.metric('failure', message);
    const logs = 'Show Logs';
    const settings = 'Open Settings';
    const restart = 'Restart';
    void vscode.window.showErrorMessage(message, logs, restart, settings).then((a) => {
      if (a === logs) this.showLogs();
      if (a === settings) void vscode.commands.executeCommand('workbench.action.openSettings', 'altinnStudio.server.path');
      if (a === restart) void this.restartServer();
    });
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (!c) return;
    this.stopping = true;
    try {
      await c.stop(5000);
    } catch (e) {
      this.log.warn(`Stopping the server: ${String(e)}`);
    } finally {
      this.stopping = false;
      await c.dispose().catch(() => undefined);
    }
  }

  async restartServer(): Promise<void> {
    this.log.info('Restarting the language server');
    await this.stop();
    this.policy.reset();
    this.status = undefined;
    await this.start();
  }

  private async refreshSync(): Promise<void> {
    const roots = (this.status?.apps ?? []).map((a) => a.root);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const candidates = roots.length ? roots : folder ? [folder] : [];
    if (!candidates.some((r) => fs.existsSync(path.join(r, '.git')))) return;
    try {
      await this.executeServer(SERVER.status, [{}]);
    } catch (e) {
      this.log.info(`Sync status not available: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  // ----- Host ---------------------------------------------------------------------------

  async executeServer(command: string, args?: unknown): Promise<unknown> {
    const c = this.client;
    if (!c || !c.isRunning()) {
      throw new Error('the Altinn Studio language server is not running (see the logs, or restart it)');
    }
    const argv = Array.isArray(args) ? args : args === undefined ? [] : [args];
    return c.sendRequest(ExecuteCommandRequest.type, { command, arguments: argv });
  }

  showLogs(): void {
    this.log.show(true);
  }

  async showProblems(): Promise<void> {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
  }

  async info(message: string, ...actions: string[]): Promise<string | undefined> {
    return vscode.window.showInformationMessage(message, ...actions);
  }

  async error(message: string, ...actions: string[]): Promise<string | undefined> {
    this.log.error(message);
    return vscode.window.showErrorMessage(message, ...actions);
  }

  async input(o: InputOptions): Promise<string | undefined> {
    return vscode.window.showInputBox({
      title: o.title,
      prompt: o.prompt,
      value: o.value,
      placeHolder: o.placeHolder,
      password: o.password,
      ignoreFocusOut: true,
      validateInput: o.validate ? (v) => o.validate?.(v) : undefined,
    });
  }

  async pick(placeHolder: string, items: PickItem[]): Promise<PickItem | undefined> {
    return vscode.window.showQuickPick(items, { placeHolder });
  }

  async withProgress<T>(title: string, task: () => Promise<T>): Promise<T> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Altinn Studio: ${title}…` }, task);
  }

  async openExternal(url: string): Promise<void> {
    await vscode.env.openExternal(vscode.Uri.parse(url));
  }

  async runCommand(id: string): Promise<unknown> {
    return vscode.commands.executeCommand(id);
  }

  async loadCredentials(): Promise<Credentials | undefined> {
    const account = this.ctx.globalState.get<{ url: string; user: string }>(ACCOUNT_KEY);
    const token = await this.ctx.secrets.get(TOKEN_KEY);
    if (!account || !token) return undefined;
    this.token = token;
    return { url: account.url, user: account.user, token };
  }

  async saveCredentials(c: Credentials): Promise<void> {
    await this.ctx.globalState.update(ACCOUNT_KEY, { url: c.url, user: c.user });
    await this.ctx.secrets.store(TOKEN_KEY, c.token);
  }

  async clearCredentials(): Promise<void> {
    await this.ctx.secrets.delete(TOKEN_KEY);
  }

  async sendCredentials(c: Credentials): Promise<void> {
    if (c.token) this.token = c.token;
    const client = this.client;
    if (!client || !client.isRunning()) return;
    await client.sendRequest('altinn/setCredentials', { url: c.url, user: c.user, token: c.token });
  }

  runtime(): RuntimeParams | undefined {
    return this.rt;
  }

  runtimeArgs(): Record<string, unknown> {
    const c = vscode.workspace.getConfiguration(SECTION);
    const args: Record<string, unknown> = {};
    for (const [key, arg] of [['runtime.target', 'target'], ['runtime.context', 'context'], ['runtime.user', 'user']]) {
      const v = c.get<string>(key, '');
      if (v) args[arg] = v;
    }
    return args;
  }

  syncKnown(): boolean {
    return this.sync !== undefined;
  }

  async studioRepo() {
    const app = await this.activeApp();
    const root = app?.root;
    if (!root) return undefined;
    const read = (f: string) => {
      try {
        return fs.readFileSync(f, 'utf8');
      } catch {
        return undefined;
      }
    };
    const appDir = app?.appDir ?? path.join(root, 'App');
    const metadata =
      read(path.join(appDir, 'config', 'applicationmetadata.json')) ?? read(path.join(root, 'config', 'applicationmetadata.json'));
    const account = this.ctx.globalState.get<{ url: string; user: string }>(ACCOUNT_KEY);
    return studioRepo(read(path.join(root, '.git', 'config')), metadata, this.studioUrl() ?? account?.url);
  }

  // ----- wiring -------------------------------------------------------------------------

  refreshApps: (() => void) | undefined;

  register(): void {
    this.refreshApps = registerAppsView(this.ctx, () => this.apps());
    registerSchemaNotice(this.ctx);
    registerCheckTask(
      this.ctx,
      () => {
        const f = this.findServer();
        return isFound(f) ? f.command : undefined;
      },
      (folder) => folderHasApp(folder.uri.fsPath, this.apps()),
    );
    this.runner.register(this.ctx);
    for (const [id, handler] of Object.entries(HANDLERS)) {
      this.ctx.subscriptions.push(
        vscode.commands.registerCommand(id, async () => {
          if (!this.client && id !== ID.restartServer && id !== ID.showLogs && !this.stoppedMessage) {
            await this.start();
          }
          try {
            await handler(this);
          } catch (e) {
            void this.error(`Altinn Studio: ${e instanceof Error ? e.message : String(e)}`);
          }
        }),
      );
    }
    this.ctx.subscriptions.push(
      vscode.commands.registerCommand(ID.showActions + '.sync', async () => {
        const items: PickItem[] = [
          { label: '$(cloud-download) Fetch Changes', command: SYNC_ACTIONS[0] },
          { label: '$(cloud-upload) Share Changes', command: SYNC_ACTIONS[1] },
        ];
        const p = await this.pick('Altinn Studio: sync', items);
        if (p) await this.runCommand(p.command);
      }),
      vscode.workspace.onDidRenameFiles((e) => this.dropGone(e.files.map((f) => f.oldUri))),
      vscode.workspace.onDidDeleteFiles((e) => this.dropGone(e.files)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.trace.server`)) this.trace.settingChanged();
        if (e.affectsConfiguration(`${SECTION}.server.path`)) {
          this.log.info('altinnStudio.server.path changed');
          void this.restartServer();
        }
      }),
      { dispose: () => void this.stop() },
    );
  }
}

let ext: AltinnExtension | undefined;

export async function activate(ctx: vscode.ExtensionContext): Promise<{ activationMs: number }> {
  const t0 = performance.now();
  ext = new AltinnExtension(ctx);
  ext.register();
  void vscode.commands.executeCommand('setContext', 'altinnStudio.active', true);
  // Start the server without holding up activation.
  void ext.start();
  const activationMs = performance.now() - t0;
  ext.log.info(
    `Altinn Studio Tools ${ctx.extension.packageJSON.version as string} activated in ${activationMs.toFixed(1)} ms (module loaded ${(t0 - loadedAt).toFixed(1)} ms before activate)`,
  );
  ext.metric('activateMs', Number(activationMs.toFixed(2)));
  return { activationMs };
}

export async function deactivate(): Promise<void> {
  await ext?.stop();
  ext = undefined;
}
