// The extension's commands and what they do, written against a small Host interface so the
// wiring can be unit-tested without VS Code. extension.ts implements Host with the VS Code API.
import { checkSummaryMessage, CheckSummary, RuntimeParams } from './format';
import { DEFAULT_STUDIO_URL, designerUrl, StudioRepo } from './designer';

export interface Credentials {
  url: string;
  user: string;
  token: string;
}

export interface InputOptions {
  title: string;
  prompt: string;
  value?: string;
  placeHolder?: string;
  password?: boolean;
  /** Returns an error message, or undefined when the value is fine. */
  validate?: (value: string) => string | undefined;
}

export interface PickItem {
  label: string;
  description?: string;
  command: string;
}

export interface Host {
  /** `workspace/executeCommand` on the server; rejects with the server's error message. */
  executeServer(command: string, args?: unknown): Promise<unknown>;
  restartServer(): Promise<void>;
  showLogs(): void;
  showProblems(): Promise<void>;
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  pick(placeHolder: string, items: PickItem[]): Promise<PickItem | undefined>;
  withProgress<T>(title: string, task: () => Promise<T>): Promise<T>;
  openExternal(url: string): Promise<void>;
  runCommand(id: string): Promise<unknown>;
  /** Credentials kept in SecretStorage (token) and global state (url, user). */
  loadCredentials(): Promise<Credentials | undefined>;
  saveCredentials(c: Credentials): Promise<void>;
  clearCredentials(): Promise<void>;
  /** `altinn/setCredentials` (sent before every sync command and after signing in). */
  sendCredentials(c: Credentials): Promise<void>;
  runtime(): RuntimeParams | undefined;
  /** Arguments of altinn.run.start/stop from the altinnStudio.runtime.* settings
   * (`target: "kubernetes"` = your own instance in the team's cluster). */
  runtimeArgs?(): Record<string, unknown>;
  studioRepo(): Promise<StudioRepo | undefined>;
  syncKnown(): boolean;
  /** The `altinnStudio.studioUrl` setting as a URL (a preset or a URL); undefined when not set. */
  studioUrl?(): string | undefined;
  /** The repository folder of the app the command is for: the active file's app, else asks (multi-root). */
  appRoot?(): Promise<string | undefined>;
  /** The app run in an editor terminal (`altinn-ls run` as a task); absent in tests that do not need it. */
  appRunner?(): AppRunner | undefined;
}

/** Runs the app in a terminal task, with the runtime first (runTerminal.ts). */
export interface AppRunner {
  run(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  addDebugConfiguration(): Promise<void>;
}

export const ID = {
  checkApp: 'altinnStudio.checkApp',
  restartServer: 'altinnStudio.restartServer',
  showLogs: 'altinnStudio.showLogs',
  fetchChanges: 'altinnStudio.fetchChanges',
  shareChanges: 'altinnStudio.shareChanges',
  signIn: 'altinnStudio.signIn',
  signOut: 'altinnStudio.signOut',
  startRuntime: 'altinnStudio.startRuntime',
  stopRuntime: 'altinnStudio.stopRuntime',
  openInBrowser: 'altinnStudio.openInBrowser',
  openInDesigner: 'altinnStudio.openInDesigner',
  showActions: 'altinnStudio.showActions',
  runApp: 'altinnStudio.runApp',
  stopApp: 'altinnStudio.stopApp',
  restartApp: 'altinnStudio.restartApp',
  addDebugConfiguration: 'altinnStudio.addDebugConfiguration',
} as const;

/** Server commands (ARCHITECTURE.md, Interfaces). */
export const SERVER = {
  check: 'altinn.check',
  login: 'altinn.sync.login',
  status: 'altinn.sync.status',
  pull: 'altinn.sync.pull',
  push: 'altinn.sync.push',
  runStart: 'altinn.run.start',
  runStop: 'altinn.run.stop',
} as const;

const SIGN_IN = 'Sign In';
const SHOW_LOGS = 'Show Logs';
const OPEN_BROWSER = 'Open in Browser';
const START_RUNTIME = 'Start Test Runtime';

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  return String(e);
}

/** Does a sync error look like missing or wrong credentials? */
export function isAuthError(message: string): boolean {
  return /\b(401|403)\b|unauthori[sz]ed|authenticat|credential|sign in|log ?in|token|password/i.test(message);
}

function resultMessage(v: unknown, fallback: string): string {
  if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') {
    const m = (v as { message: string }).message.trim();
    if (m) return m;
  }
  return fallback;
}

async function withStoredCredentials(host: Host): Promise<void> {
  const c = await host.loadCredentials();
  if (c) await host.sendCredentials(c);
}

/** Sync arguments for the app the command is for (`path`: its repository), plus `extra`. */
async function syncArgs(host: Host, extra: Record<string, unknown> = {}): Promise<unknown[]> {
  const root = host.appRoot ? await host.appRoot() : undefined;
  return [root ? { path: root, ...extra } : extra];
}

async function syncCommand(host: Host, title: string, command: string, args: unknown, done: string): Promise<void> {
  try {
    await withStoredCredentials(host);
    const r = await host.withProgress(title, () => host.executeServer(command, args));
    const conflicts = (r as { conflicts?: unknown })?.conflicts;
    if (Array.isArray(conflicts) && conflicts.length) {
      const a = await host.error(`${resultMessage(r, done)} Conflicts in: ${conflicts.join(', ')}`, SHOW_LOGS);
      if (a === SHOW_LOGS) host.showLogs();
      return;
    }
    await host.info(resultMessage(r, done));
  } catch (e) {
    const msg = messageOf(e);
    const actions = isAuthError(msg) ? [SIGN_IN, SHOW_LOGS] : [SHOW_LOGS];
    const a = await host.error(`${title} failed: ${msg}`, ...actions);
    if (a === SIGN_IN) await host.runCommand(ID.signIn);
    if (a === SHOW_LOGS) host.showLogs();
  }
}

export type Handler = (host: Host) => Promise<void>;

function withRunner(f: (r: AppRunner) => Promise<void>): Handler {
  return async (host) => {
    const r = host.appRunner?.();
    if (!r) {
      await host.error('Running the app needs a folder with an Altinn app (App/config/applicationmetadata.json) open.');
      return;
    }
    await f(r);
  };
}

export const HANDLERS: Record<string, Handler> = {
  [ID.checkApp]: async (host) => {
    try {
      const r = (await host.withProgress('Checking the app', () => host.executeServer(SERVER.check))) as CheckSummary | null;
      await host.showProblems();
      if (r && typeof r.errors === 'number') {
        await host.info(checkSummaryMessage(r));
      }
    } catch (e) {
      const a = await host.error(`Checking the app failed: ${messageOf(e)}`, SHOW_LOGS);
      if (a === SHOW_LOGS) host.showLogs();
    }
  },

  [ID.restartServer]: async (host) => {
    await host.restartServer();
  },

  [ID.showLogs]: async (host) => {
    host.showLogs();
  },

  [ID.fetchChanges]: async (host) => {
    await syncCommand(host, 'Fetching changes', SERVER.pull, await syncArgs(host), 'Fetched the latest changes.');
  },

  [ID.shareChanges]: async (host) => {
    const message = await host.input({
      title: 'Share changes',
      prompt: 'Describe your changes (the commit message)',
      placeHolder: 'for example: Add the address page',
      validate: (v) => (v.trim() ? undefined : 'A commit message is required'),
    });
    if (message === undefined || !message.trim()) return;
    await syncCommand(host, 'Sharing changes', SERVER.push, await syncArgs(host, { message: message.trim() }), 'Shared your changes.');
  },

  [ID.signIn]: async (host) => {
    const old = await host.loadCredentials();
    const url = await host.input({
      title: 'Sign in to Altinn Studio (1/3)',
      prompt: 'Altinn Studio URL',
      value: host.studioUrl?.() || old?.url || DEFAULT_STUDIO_URL,
      validate: (v) => (/^https?:\/\/[^/\s]+/.test(v.trim()) ? undefined : 'Enter a URL such as https://altinn.studio'),
    });
    if (!url) return;
    const user = await host.input({
      title: 'Sign in to Altinn Studio (2/3)',
      prompt: 'User name',
      value: old?.user ?? '',
      validate: (v) => (v.trim() ? undefined : 'Enter your Altinn Studio user name'),
    });
    if (!user) return;
    const token = await host.input({
      title: 'Sign in to Altinn Studio (3/3)',
      prompt: 'Access token (create one in Altinn Studio under your profile: Settings → Applications). It is kept in VS Code secret storage.',
      password: true,
      validate: (v) => (v.trim() ? undefined : 'Paste an access token'),
    });
    if (!token) return;
    const c: Credentials = { url: url.trim().replace(/\/+$/, ''), user: user.trim(), token: token.trim() };
    try {
      await host.sendCredentials(c);
      const r = await host.withProgress('Signing in to Altinn Studio', () => host.executeServer(SERVER.login, [{ url: c.url, user: c.user }]));
      await host.saveCredentials(c);
      const name = (r as { name?: unknown })?.name;
      await host.info(`Signed in to ${c.url} as ${typeof name === 'string' && name ? name : c.user}.`);
      // Fill in the sync state of the status bar (the server sends altinn/sync); not every workspace is a clone.
      await host.executeServer(SERVER.status, [{}]).catch(() => undefined);
    } catch (e) {
      const keep = 'Keep Anyway';
      const a = await host.error(`Signing in to ${c.url} failed: ${messageOf(e)}`, keep, SHOW_LOGS);
      if (a === keep) {
        await host.saveCredentials(c);
      } else {
        // The server keeps credentials in memory: give it back the previous ones (or none).
        await host.sendCredentials(old ?? { url: '', user: '', token: '' });
      }
      if (a === SHOW_LOGS) host.showLogs();
    }
  },

  [ID.signOut]: async (host) => {
    await host.clearCredentials();
    await host.sendCredentials({ url: '', user: '', token: '' });
    await host.info('Signed out of Altinn Studio: the token was removed from secret storage.');
  },

  [ID.startRuntime]: async (host) => {
    try {
      const r = await host.withProgress('Starting the test runtime', () => host.executeServer(SERVER.runStart, [host.runtimeArgs?.() ?? {}]));
      const url = (r as { url?: unknown })?.url;
      if (typeof url === 'string' && url) {
        const a = await host.info(`The app runs at ${url}`, OPEN_BROWSER);
        if (a === OPEN_BROWSER) await host.openExternal(url);
      } else {
        await host.info(resultMessage(r, 'The test runtime is starting.'));
      }
    } catch (e) {
      const a = await host.error(`Starting the test runtime failed: ${messageOf(e)}`, SHOW_LOGS);
      if (a === SHOW_LOGS) host.showLogs();
    }
  },

  [ID.stopRuntime]: async (host) => {
    try {
      const r = await host.withProgress('Stopping the test runtime', () => host.executeServer(SERVER.runStop, [host.runtimeArgs?.() ?? {}]));
      await host.info(resultMessage(r, 'The test runtime was stopped.'));
    } catch (e) {
      const a = await host.error(`Stopping the test runtime failed: ${messageOf(e)}`, SHOW_LOGS);
      if (a === SHOW_LOGS) host.showLogs();
    }
  },

  [ID.openInBrowser]: async (host) => {
    const rt = host.runtime();
    if (rt?.state === 'running' && rt.url) {
      await host.openExternal(rt.url);
      return;
    }
    const a = await host.info(
      rt?.state === 'starting' ? 'The test runtime is still starting.' : 'The test runtime is not running.',
      ...(rt?.state === 'starting' ? [] : [START_RUNTIME]),
    );
    if (a === START_RUNTIME) await host.runCommand(ID.startRuntime);
  },

  [ID.openInDesigner]: async (host) => {
    const repo = await host.studioRepo();
    if (!repo) {
      await host.error(
        'Cannot tell which Altinn Studio app this is: the repository has no Altinn Studio remote and applicationmetadata.json has no "id": "org/app".',
      );
      return;
    }
    await host.openExternal(designerUrl(repo));
  },

  [ID.runApp]: withRunner((r) => r.run()),
  [ID.stopApp]: withRunner((r) => r.stop()),
  [ID.restartApp]: withRunner((r) => r.restart()),
  [ID.addDebugConfiguration]: withRunner((r) => r.addDebugConfiguration()),

  [ID.showActions]: async (host) => {
    const rt = host.runtime();
    const running = rt?.state === 'running' || rt?.state === 'starting';
    const items: PickItem[] = [
      { label: '$(checklist) Check App', command: ID.checkApp },
      running
        ? { label: '$(debug-restart) Restart App', command: ID.restartApp }
        : { label: '$(run) Run App (in a terminal)', command: ID.runApp },
      ...(running ? [{ label: '$(debug-stop) Stop App', command: ID.stopApp }] : []),
      { label: '$(debug-alt) Add Debug Configuration (runtime first)', command: ID.addDebugConfiguration },
      { label: '$(cloud-download) Fetch Changes', command: ID.fetchChanges },
      { label: '$(cloud-upload) Share Changes', command: ID.shareChanges },
      running
        ? { label: '$(debug-stop) Stop Test Runtime', command: ID.stopRuntime }
        : { label: '$(play) Start Test Runtime', command: ID.startRuntime },
      ...(rt?.state === 'running' ? [{ label: '$(globe) Open App in Browser', description: rt.url, command: ID.openInBrowser }] : []),
      { label: '$(link-external) Open in Designer', command: ID.openInDesigner },
      { label: '$(sign-in) Sign in to Altinn Studio', command: ID.signIn },
      { label: '$(output) Show Logs', command: ID.showLogs },
      { label: '$(debug-restart) Restart Language Server', command: ID.restartServer },
    ];
    const picked = await host.pick('Altinn Studio', items);
    if (picked) await host.runCommand(picked.command);
  },
};

/** Actions offered when the sync status item is clicked. */
export const SYNC_ACTIONS = [ID.fetchChanges, ID.shareChanges];
