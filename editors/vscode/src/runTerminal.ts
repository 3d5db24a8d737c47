// Running the app from the editor: `altinn-ls run` as a VS Code task, so that the runtime's
// progress, the app's log and `dotnet build` errors (problem matcher `$altinn-dotnet`) show in a
// terminal; the "▶ Run app" code lens on applicationmetadata.json; Stop, Restart; a `coreclr`
// debug configuration whose pre-launch task starts the runtime and builds the app; and the
// runtime state for the status bar (from the task's life and the app's URL answering).
import * as cp from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import * as vscode from 'vscode';
import { AppRunner, ID } from './commands';
import { RuntimeParams } from './format';
import {
  DEBUG_NAME,
  debugConfigurations,
  mergeLaunch,
  parsePlan,
  PROBLEM_MATCHER,
  RunPlan,
  runArgs,
  stateFromStatus,
  TASK,
  TASK_TYPE,
} from './runApp';

const METADATA = path.join('App', 'config', 'applicationmetadata.json');

export interface RunDeps {
  /** The altinn-ls executable (setting, bundled, PATH), or undefined with the reason logged. */
  serverCommand(): string | undefined;
  setRuntime(rt: RuntimeParams): void;
  runtime(): RuntimeParams | undefined;
  log: vscode.LogOutputChannel;
}

function quote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** GET `url`; the status code, or undefined when nothing answers. */
function statusOf(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 3000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

export class RunController implements AppRunner, vscode.TaskProvider, vscode.CodeLensProvider, vscode.DebugConfigurationProvider {
  private execution: vscode.TaskExecution | undefined;
  private plan: RunPlan | undefined;
  private poll: NodeJS.Timeout | undefined;
  private ended: (() => void)[] = [];
  private readonly lensChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensChanged.event;

  constructor(private readonly deps: RunDeps) {}

  register(ctx: vscode.ExtensionContext): void {
    ctx.subscriptions.push(
      vscode.tasks.registerTaskProvider(TASK_TYPE, this),
      vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/config/applicationmetadata.json' }, this),
      // with the C# extension, Run and Debug offers the configurations without a launch.json too
      vscode.debug.registerDebugConfigurationProvider('coreclr', this, vscode.DebugConfigurationProviderTriggerKind.Initial),
      vscode.debug.registerDebugConfigurationProvider('coreclr', this, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
      vscode.tasks.onDidEndTask((e) => {
        if (e.execution === this.execution || (e.execution.task.definition.type === TASK_TYPE && e.execution.task.name === TASK.run)) {
          this.finished();
        }
      }),
      this.lensChanged,
      { dispose: () => this.stopPolling() },
    );
  }

  // ----- which app ----------------------------------------------------------------------

  /** The app folder (the one holding App/): around the active editor's file, else the first in the workspace. */
  async appRoot(hint?: vscode.Uri): Promise<string | undefined> {
    const from = hint ?? vscode.window.activeTextEditor?.document.uri;
    if (from?.scheme === 'file') {
      let dir = path.dirname(from.fsPath);
      for (;;) {
        if (fs.existsSync(path.join(dir, METADATA))) return dir;
        const up = path.dirname(dir);
        if (up === dir) break;
        dir = up;
      }
    }
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      if (fs.existsSync(path.join(f.uri.fsPath, METADATA))) return f.uri.fsPath;
    }
    const found = await vscode.workspace.findFiles('**/App/config/applicationmetadata.json', '**/node_modules/**', 1);
    return found[0] ? path.resolve(found[0].fsPath, '..', '..', '..') : undefined;
  }

  private async readPlan(server: string, appRoot: string): Promise<RunPlan | undefined> {
    return new Promise((resolve) => {
      cp.execFile(server, ['run', appRoot, '--dry-run', '--json'], { cwd: appRoot, timeout: 15000 }, (err, stdout, stderr) => {
        if (err) this.deps.log.warn(`altinn-ls run --dry-run: ${stderr || err.message}`);
        resolve(parsePlan(stdout));
      });
    });
  }

  // ----- tasks --------------------------------------------------------------------------

  task(kind: (typeof TASK)[keyof typeof TASK], appRoot: string, server: string): vscode.Task {
    const scope = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(appRoot)) ?? vscode.TaskScope.Workspace;
    const appCommand = vscode.workspace.getConfiguration('altinnStudio').get<string>('run.appCommand', '');
    let exec: vscode.ProcessExecution | vscode.ShellExecution;
    let matchers: string[] = [];
    if (kind === TASK.run) {
      exec = new vscode.ProcessExecution(server, runArgs(appRoot, appCommand), { cwd: appRoot });
      matchers = [PROBLEM_MATCHER];
    } else if (kind === TASK.runtime) {
      exec = new vscode.ProcessExecution(server, ['stack', 'up'], { cwd: appRoot });
    } else {
      // for the debugger: the runtime first, then the build its launch configuration runs
      exec = new vscode.ShellExecution(`${quote(server)} stack up && dotnet build ${quote(path.join(appRoot, 'App'))}`, { cwd: appRoot });
      matchers = ['$msCompile'];
    }
    const t = new vscode.Task({ type: TASK_TYPE, task: kind }, scope, kind, TASK_TYPE, exec, matchers);
    t.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true, focus: false };
    if (kind === TASK.build) t.group = vscode.TaskGroup.Build;
    return t;
  }

  async provideTasks(): Promise<vscode.Task[]> {
    const server = this.deps.serverCommand();
    const root = await this.appRoot();
    if (!server || !root) return [];
    return [this.task(TASK.run, root, server), this.task(TASK.runtime, root, server), this.task(TASK.build, root, server)];
  }

  async resolveTask(t: vscode.Task): Promise<vscode.Task | undefined> {
    const kind = (t.definition as { task?: string }).task;
    const server = this.deps.serverCommand();
    const root = await this.appRoot();
    if (!server || !root || !Object.values(TASK).includes(kind as never)) return undefined;
    const resolved = this.task(kind as (typeof TASK)[keyof typeof TASK], root, server);
    return new vscode.Task(t.definition, t.scope ?? vscode.TaskScope.Workspace, resolved.name, TASK_TYPE, resolved.execution, resolved.problemMatchers);
  }

  // ----- run, stop, restart -------------------------------------------------------------

  running(): boolean {
    return this.execution !== undefined;
  }

  async run(hint?: vscode.Uri): Promise<void> {
    if (this.execution) {
      const restart = 'Restart';
      const a = await vscode.window.showInformationMessage('The app is already running in the "run app" terminal.', restart);
      if (a === restart) await this.restart();
      return;
    }
    const server = this.deps.serverCommand();
    if (!server) {
      void vscode.window.showErrorMessage('Altinn Studio: altinn-ls was not found (see the logs).');
      return;
    }
    const root = await this.appRoot(hint);
    if (!root) {
      void vscode.window.showErrorMessage('No Altinn app here: an app has App/config/applicationmetadata.json.');
      return;
    }
    this.plan = await this.readPlan(server, root);
    this.deps.log.info(`Running the app in ${root} (${this.plan?.url ?? 'URL unknown'})`);
    this.deps.setRuntime({ state: 'starting', url: this.plan?.url });
    this.execution = await vscode.tasks.executeTask(this.task(TASK.run, root, server));
    this.lensChanged.fire();
    this.startPolling();
  }

  private startPolling(): void {
    this.stopPolling();
    const url = this.plan?.url;
    if (!url) return;
    this.poll = setInterval(() => {
      void statusOf(url).then((code) => {
        if (!this.execution) return;
        const state = stateFromStatus(code);
        if (this.deps.runtime()?.state !== state) {
          this.deps.setRuntime({ state, url });
          this.lensChanged.fire();
        }
      });
    }, 2000);
  }

  private stopPolling(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
  }

  private finished(): void {
    this.execution = undefined;
    this.stopPolling();
    this.deps.setRuntime({ state: 'stopped' });
    this.lensChanged.fire();
    for (const f of this.ended.splice(0)) f();
  }

  async stop(): Promise<void> {
    const exec = this.execution;
    const server = this.deps.serverCommand();
    const root = this.plan?.appRoot ?? (await this.appRoot());
    if (exec) {
      const done = new Promise<void>((resolve) => {
        this.ended.push(resolve);
        setTimeout(resolve, 10000);
      });
      exec.terminate();
      await done;
    }
    // an app started from a terminal or by an earlier session: `run --stop` finds it by its pid file
    if (server && root) {
      await new Promise<void>((resolve) =>
        cp.execFile(server, ['run', root, '--stop'], { cwd: root, timeout: 20000 }, (_e, stdout) => {
          if (stdout.trim()) this.deps.log.info(stdout.trim());
          resolve();
        }),
      );
    }
    this.finished();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.run();
  }

  // ----- debugging ----------------------------------------------------------------------

  /** The debug configurations for the app in (or around) `folder`. */
  private async configsFor(root: string, folder: vscode.WorkspaceFolder) {
    const appDir = path.join(root, 'App');
    const csprojName = fs.existsSync(appDir) ? fs.readdirSync(appDir).find((f) => f.endsWith('.csproj')) : undefined;
    const csproj = csprojName ? fs.readFileSync(path.join(appDir, csprojName), 'utf8') : undefined;
    const server = this.deps.serverCommand();
    const plan = this.plan ?? (server ? await this.readPlan(server, root) : undefined);
    return debugConfigurations(path.relative(folder.uri.fsPath, appDir) || 'App', csproj, plan?.appPort ?? 5005, csprojName);
  }

  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    const root = await this.appRoot(folder?.uri && vscode.Uri.file(path.join(folder.uri.fsPath, METADATA)));
    const f = folder ?? (root ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root)) : undefined);
    if (!root || !f) return [];
    return this.configsFor(root, f);
  }

  async addDebugConfiguration(): Promise<void> {
    const root = await this.appRoot();
    if (!root) {
      void vscode.window.showErrorMessage('No Altinn app here: an app has App/config/applicationmetadata.json.');
      return;
    }
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) return;
    const configs = await this.configsFor(root, folder);
    const launch = path.join(folder.uri.fsPath, '.vscode', 'launch.json');
    const existing = fs.existsSync(launch) ? fs.readFileSync(launch, 'utf8') : undefined;
    let text: string;
    try {
      text = mergeLaunch(existing, configs);
    } catch (e) {
      const doc = await vscode.workspace.openTextDocument({ language: 'jsonc', content: JSON.stringify(configs, null, 2) });
      await vscode.window.showTextDocument(doc);
      void vscode.window.showWarningMessage(`.vscode/launch.json could not be read (${e instanceof Error ? e.message : String(e)}): add these configurations to it yourself.`);
      return;
    }
    fs.mkdirSync(path.dirname(launch), { recursive: true });
    fs.writeFileSync(launch, text);
    await vscode.window.showTextDocument(vscode.Uri.file(launch), { preview: false });
    const start = 'Start Debugging';
    const a = await vscode.window.showInformationMessage(
      `Added "${DEBUG_NAME}" to .vscode/launch.json: it starts the runtime and builds the app (task "${TASK_TYPE}: ${TASK.build}"), then debugs it. Needs the C# extension (coreclr).`,
      start,
    );
    if (a === start) await vscode.debug.startDebugging(folder, DEBUG_NAME);
  }

  // ----- the code lens ------------------------------------------------------------------

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!doc.uri.fsPath.endsWith(METADATA) && !doc.uri.fsPath.endsWith(path.join('config', 'applicationmetadata.json'))) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lens = (title: string, command: string, tooltip: string) => new vscode.CodeLens(top, { title, command, tooltip, arguments: [] });
    if (this.execution) {
      const rt = this.deps.runtime();
      return [
        lens(rt?.state === 'running' ? '● App running' : '◌ App starting…', ID.runApp, 'The app runs in the "run app" terminal'),
        lens('■ Stop app', ID.stopApp, 'Stop the app (the runtime keeps running)'),
        lens('↻ Restart app', ID.restartApp, 'Stop and start the app again'),
        lens('Open in browser', ID.openInBrowser, rt?.url ?? ''),
      ];
    }
    return [
      lens('▶ Run app', ID.runApp, 'Start the test runtime and the app (altinn-ls run) in a terminal'),
      lens('Debug app…', ID.addDebugConfiguration, 'Add a coreclr debug configuration that starts the runtime first'),
    ];
  }
}
