// The commands the server puts on code lenses and code actions, as VS Code must run them.
// The server speaks LSP JSON to every client (LSP4IJ runs them as they are); here:
// - `editor.action.showReferences` ("N references") gets VS Code's own Uri/Position/Location
//   objects instead of JSON (VS Code's command refuses JSON);
// - "▶ Run app" (`altinn.run.start`) becomes the extension's Run App, which adds the runtime
//   settings and runs the app in a terminal; on applicationmetadata.json it is left out, as the
//   extension shows its own lens there (runTerminal.ts: Run, then Stop/Restart/Open, Debug);
// - the `source.altinn` command actions (status, fetch, share, run: meant for clients with no
//   commands of their own) are left out: the extension's commands and status bar do that here.

export const SHOW_REFERENCES = 'editor.action.showReferences';
export const RUN_START = 'altinn.run.start';
export const SOURCE_ALTINN = 'source.altinn';

export interface LensCommand {
  title: string;
  command: string;
  arguments?: unknown[];
}

/** Turns LSP JSON into the editor's objects (client.protocol2CodeConverter in VS Code). */
export interface Converters {
  uri(value: string): unknown;
  position(value: unknown): unknown;
  location(value: unknown): unknown;
}

/** The command as VS Code runs it; `runApp` is the extension's Run App command. */
export function lensCommand(cmd: LensCommand, convert: Converters, runApp: string): LensCommand {
  if (cmd.command === SHOW_REFERENCES && Array.isArray(cmd.arguments) && cmd.arguments.length === 3) {
    const [uri, position, locations] = cmd.arguments;
    return {
      ...cmd,
      arguments: [
        convert.uri(String(uri)),
        convert.position(position),
        Array.isArray(locations) ? locations.map((l) => convert.location(l)) : [],
      ],
    };
  }
  if (cmd.command === RUN_START) return { title: cmd.title, command: runApp, arguments: [] };
  return cmd;
}

/** Whether a code action kind is one of the command actions left out in VS Code. */
export function isCommandAction(kind: string | undefined): boolean {
  return kind === SOURCE_ALTINN || (kind ?? '').startsWith(`${SOURCE_ALTINN}.`);
}

/** Keep this server lens in `file`? Not the server's Run app where the extension has its own. */
export function keepLens(command: string | undefined, file: string): boolean {
  return !(command === RUN_START && /[\\/]applicationmetadata\.json$/.test(file));
}
