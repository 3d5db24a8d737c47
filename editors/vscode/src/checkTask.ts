// The `altinn: check` task (type `altinn-check`): runs `altinn-ls check` in a workspace folder; the
// `$altinn-ls` problem matcher (checkMatcher.ts, package.json) reads its output into Problems.
import { ChildProcess, spawn } from 'child_process';
import * as vscode from 'vscode';
import { checkArgs, MATCHER, TASK_SOURCE, TASK_TYPE } from './checkMatcher';

export interface CheckTaskDefinition extends vscode.TaskDefinition {
  type: typeof TASK_TYPE;
  /** Paths to check, relative to the folder (default: the folder). */
  paths?: string[];
}

export function registerCheckTask(
  ctx: vscode.ExtensionContext,
  server: () => string | undefined,
  isAppFolder: (folder: vscode.WorkspaceFolder) => boolean,
): void {
  const make = (folder: vscode.WorkspaceFolder, def: CheckTaskDefinition): vscode.Task => {
    const cmd = server() ?? 'altinn-ls';
    const task = new vscode.Task(
      def,
      folder,
      'check',
      TASK_SOURCE,
      // Our own pseudoterminal rather than a ProcessExecution: the process exits within a second,
      // and a terminal that closes at once can lose the last lines before the problem matcher
      // reads them (seen in the e2e run). This one closes only after the output is written.
      new vscode.CustomExecution(async () => new CheckPty(cmd, checkArgs(def), folder.uri.fsPath)),
      [MATCHER],
    );
    task.group = vscode.TaskGroup.Build;
    task.detail = 'Check the Altinn app(s) with altinn-ls and list the problems';
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
    return task;
  };
  ctx.subscriptions.push(
    vscode.tasks.registerTaskProvider(TASK_TYPE, {
      provideTasks: () => (vscode.workspace.workspaceFolders ?? []).filter(isAppFolder).map((f) => make(f, { type: TASK_TYPE })),
      resolveTask: (t) => {
        const folder = t.scope && typeof t.scope === 'object' ? (t.scope as vscode.WorkspaceFolder) : vscode.workspace.workspaceFolders?.[0];
        if (!folder) return undefined;
        return make(folder, t.definition as CheckTaskDefinition);
      },
    }),
  );
}

/** Runs `altinn-ls check` and shows its output; NO_COLOR keeps the output matchable. */
class CheckPty implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writer.event;
  private readonly closer = new vscode.EventEmitter<number>();
  readonly onDidClose = this.closer.event;
  private child: ChildProcess | undefined;

  constructor(
    private readonly cmd: string,
    private readonly args: string[],
    private readonly cwd: string,
  ) {}

  open(): void {
    const out = (b: Buffer | string) => this.writer.fire(String(b).replace(/\r?\n/g, '\r\n'));
    out(`> ${this.cmd} ${this.args.join(' ')}\n\n`);
    // VS Code reports the last file's problems when the task ends, and resolves each problem's
    // file asynchronously first: closing at once lost the last problem (AL0601 in the e2e run
    // under load). Two seconds leave the matcher time to take it.
    const done = (code: number) => setTimeout(() => this.closer.fire(code), 2000);
    try {
      this.child = spawn(this.cmd, this.args, { cwd: this.cwd, env: { ...process.env, NO_COLOR: '1' } });
    } catch (e) {
      out(`${e instanceof Error ? e.message : String(e)}\n`);
      done(2);
      return;
    }
    this.child.stdout?.on('data', out);
    this.child.stderr?.on('data', out);
    this.child.on('error', (e) => {
      out(`${e.message}\n`);
      done(2);
    });
    this.child.on('close', (code) => done(code ?? 2));
  }

  close(): void {
    this.child?.kill();
  }
}
