// The `altinn: check` task (type `altinn`): runs `altinn-ls check` in a workspace folder; the
// `$altinn-ls` problem matcher (checkMatcher.ts, package.json) reads its output into Problems.
import * as vscode from 'vscode';
import { checkArgs, MATCHER, TASK_TYPE } from './checkMatcher';

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
      TASK_TYPE,
      // A process, not a shell: no quoting issues with paths; NO_COLOR keeps the output matchable.
      new vscode.ProcessExecution(cmd, checkArgs(def), { cwd: folder.uri.fsPath, env: { NO_COLOR: '1' } }),
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
