// Altinn files name Altinn's published schema in `$schema`; VS Code's JSON support then downloads it
// (it honours `$schema` before any association an extension contributes, and reads `json.schemas`
// only from user and workspace settings, never from an extension's defaults). Offline, or behind a
// proxy, every such file gets "Unable to load schema from 'https://altinncdn.no/…'". The extension
// changes no JSON setting by itself; when that problem shows up in this workspace it offers, once,
// to turn schema downloads off for this workspace only.
import * as vscode from 'vscode';
import { isAltinnSchemaLoadProblem } from './schemaIds';

const DISMISSED = 'altinnStudio.schemaNotice.dismissed';
export const TURN_OFF = 'Turn Off for This Workspace';
export const DONT_ASK = "Don't Ask Again";

export function registerSchemaNotice(ctx: vscode.ExtensionContext): void {
  let asked = false;
  const check = (uris: readonly vscode.Uri[]) => {
    if (asked || ctx.workspaceState.get(DISMISSED)) return;
    if (vscode.workspace.getConfiguration('json').get('schemaDownload.enable') === false) return;
    const hit = uris.some((u) => vscode.languages.getDiagnostics(u).some((d) => isAltinnSchemaLoadProblem(d.message)));
    if (!hit) return;
    asked = true;
    void vscode.window
      .showInformationMessage(
        "VS Code's JSON support cannot download the published Altinn schema named in $schema. Altinn Studio Tools checks these files itself. Turn off JSON schema downloads for this workspace (not for your other workspaces)?",
        TURN_OFF,
        DONT_ASK,
      )
      .then(async (a) => {
        if (a === TURN_OFF) await vscode.workspace.getConfiguration('json').update('schemaDownload.enable', false, vscode.ConfigurationTarget.Workspace);
        if (a === DONT_ASK) await ctx.workspaceState.update(DISMISSED, true);
      });
  };
  ctx.subscriptions.push(vscode.languages.onDidChangeDiagnostics((e) => check(e.uris)));
}
