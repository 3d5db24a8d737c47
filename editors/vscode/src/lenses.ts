// The server's code lenses and command actions in VS Code: "N references" runs `editor.action.showReferences`, whose
// arguments the server sends as LSP JSON (what LSP4IJ and Neovim take); VS Code's command wants a
// Uri, a Position and Locations, so they are converted here. The server's "▶ Run app" lens is
// dropped: the extension has its own (runTerminal.ts: a terminal, Stop/Restart, the debugger); so
// are the server's `source.altinn` code actions (status, fetch, share, run, check), which are there
// for clients without commands of their own (LSP4IJ): VS Code has the extension's commands, with
// sign-in, progress and the status bar.
// Pure logic; extension.ts passes the language client's converters in.

export const SHOW_REFERENCES = 'editor.action.showReferences';
/** The command of the server's "▶ Run app" lens. */
export const SERVER_RUN_COMMAND = 'altinn.run.start';

export interface LspPosition {
  line: number;
  character: number;
}
export interface LspLocation {
  uri: string;
  range: { start: LspPosition; end: LspPosition };
}
export interface Converters<U, P, L> {
  uri(u: string): U;
  position(p: LspPosition): P;
  location(l: LspLocation): L;
}

const isPosition = (p: unknown): p is LspPosition =>
  typeof p === 'object' && p !== null && typeof (p as LspPosition).line === 'number' && typeof (p as LspPosition).character === 'number';
const isLocation = (l: unknown): l is LspLocation =>
  typeof l === 'object' && l !== null && typeof (l as LspLocation).uri === 'string' && typeof (l as LspLocation).range === 'object';

/** Keep this lens in VS Code? (Not the server's Run app: the extension shows its own.) */
export function keepLens(command: string | undefined): boolean {
  return command !== SERVER_RUN_COMMAND;
}

/** `editor.action.showReferences` arguments from LSP JSON to VS Code's types; anything else unchanged. */
export function showReferencesArgs<U, P, L>(command: string | undefined, args: unknown[] | undefined, c: Converters<U, P, L>): unknown[] | undefined {
  if (command !== SHOW_REFERENCES || !args || args.length !== 3) return args;
  const [u, p, locs] = args;
  if (typeof u !== 'string' || !isPosition(p) || !Array.isArray(locs) || !locs.every(isLocation)) return args;
  return [c.uri(u), c.position(p), locs.map((l) => c.location(l))];
}

/** The kind of the server's command actions (LSP4IJ's way to its commands). */
export const SERVER_COMMAND_ACTIONS = 'source.altinn';

/** Keep this code action in VS Code? (Not the server's command actions.) */
export function keepCodeAction(kind: string | undefined): boolean {
  return !(kind === SERVER_COMMAND_ACTIONS || kind?.startsWith(`${SERVER_COMMAND_ACTIONS}.`));
}

/** Is `file` the path `gone` or inside it (a deleted or renamed file or folder)? */
export function isAtOrUnder(file: string, gone: string, sep = '/'): boolean {
  const g = gone.endsWith(sep) ? gone.slice(0, -1) : gone;
  return file === g || file.startsWith(g + sep);
}
