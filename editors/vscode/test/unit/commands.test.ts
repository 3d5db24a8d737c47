import { describe, expect, it } from 'vitest';
import { Credentials, HANDLERS, Host, ID, InputOptions, isAuthError, PickItem } from '../../src/commands';
import { RuntimeParams } from '../../src/format';
import { StudioRepo } from '../../src/designer';

/** A Host that records what the commands do; answers come from queues. */
class FakeHost implements Host {
  calls: { command: string; args: unknown }[] = [];
  infos: string[] = [];
  errors: string[] = [];
  opened: string[] = [];
  ran: string[] = [];
  sent: Credentials[] = [];
  saved: Credentials | undefined;
  stored: Credentials | undefined;
  inputs: (string | undefined)[] = [];
  inputOptions: InputOptions[] = [];
  answers: (string | undefined)[] = [];
  picks: PickItem[][] = [];
  pickAnswer: ((items: PickItem[]) => PickItem | undefined) | undefined;
  server: (command: string, args: unknown) => unknown = () => null;
  rt: RuntimeParams | undefined;
  runtimeArgs: (() => Record<string, unknown>) | undefined;
  repo: StudioRepo | undefined;
  restarted = 0;
  logsShown = 0;
  problemsShown = 0;

  async executeServer(command: string, args?: unknown) {
    this.calls.push({ command, args });
    return this.server(command, args);
  }
  async restartServer() {
    this.restarted++;
  }
  showLogs() {
    this.logsShown++;
  }
  async showProblems() {
    this.problemsShown++;
  }
  async info(m: string) {
    this.infos.push(m);
    return this.answers.shift();
  }
  async error(m: string) {
    this.errors.push(m);
    return this.answers.shift();
  }
  async input(o: InputOptions) {
    this.inputOptions.push(o);
    return this.inputs.shift();
  }
  async pick(_p: string, items: PickItem[]) {
    this.picks.push(items);
    return this.pickAnswer?.(items);
  }
  async withProgress<T>(_t: string, task: () => Promise<T>) {
    return task();
  }
  async openExternal(url: string) {
    this.opened.push(url);
  }
  async runCommand(id: string) {
    this.ran.push(id);
  }
  async loadCredentials() {
    return this.stored;
  }
  async saveCredentials(c: Credentials) {
    this.saved = c;
    this.stored = c;
  }
  async clearCredentials() {
    this.stored = undefined;
  }
  async sendCredentials(c: Credentials) {
    this.sent.push(c);
  }
  runtime() {
    return this.rt;
  }
  async studioRepo() {
    return this.repo;
  }
  syncKnown() {
    return false;
  }
}

const run = (id: string, h: FakeHost) => HANDLERS[id](h);

describe('command wiring', () => {
  it('Check App runs altinn.check, opens Problems and reports the counts', async () => {
    const h = new FakeHost();
    h.server = () => ({ apps: 1, files: 10, errors: 5, warnings: 1, information: 0, hints: 0 });
    await run(ID.checkApp, h);
    expect(h.calls).toEqual([{ command: 'altinn.check', args: undefined }]);
    expect(h.problemsShown).toBe(1);
    expect(h.infos).toEqual(['Checked 1 app (10 files): 5 errors, 1 warning.']);
  });

  it('Check App shows a server error with a Show Logs action', async () => {
    const h = new FakeHost();
    h.server = () => {
      throw new Error('internal error: boom');
    };
    h.answers = ['Show Logs'];
    await run(ID.checkApp, h);
    expect(h.errors[0]).toContain('boom');
    expect(h.logsShown).toBe(1);
  });

  it('Share Changes asks for a commit message and passes it to altinn.sync.push', async () => {
    const h = new FakeHost();
    h.stored = { url: 'https://altinn.studio', user: 'u', token: 't0ken' };
    h.inputs = ['  Add the address page '];
    h.server = () => ({ ahead: 0, behind: 0, conflicts: [], message: 'Pushed 1 commit' });
    await run(ID.shareChanges, h);
    expect(h.inputOptions[0].validate?.('  ')).toBe('A commit message is required');
    expect(h.inputOptions[0].validate?.('x')).toBeUndefined();
    expect(h.sent).toEqual([h.stored]);
    expect(h.calls).toEqual([{ command: 'altinn.sync.push', args: [{ message: 'Add the address page' }] }]);
    expect(h.infos).toEqual(['Pushed 1 commit']);
  });

  it('Share Changes does nothing when the message prompt is cancelled', async () => {
    const h = new FakeHost();
    h.inputs = [undefined];
    await run(ID.shareChanges, h);
    expect(h.calls).toEqual([]);
  });

  it('Fetch Changes runs altinn.sync.pull and reports conflicts as an error', async () => {
    const h = new FakeHost();
    h.server = () => ({ ahead: 0, behind: 0, conflicts: ['App/ui/form/layouts/Page1.json'], message: 'Merged with conflicts.' });
    await run(ID.fetchChanges, h);
    expect(h.calls[0].command).toBe('altinn.sync.pull');
    expect(h.errors[0]).toContain('App/ui/form/layouts/Page1.json');
  });

  it("multi-root: Fetch and Share work on the active file's app (path), Sign In offers the studioUrl setting", async () => {
    const h = Object.assign(new FakeHost(), {
      appRoot: async () => '/w/app2',
      studioUrl: () => 'https://dev.altinn.studio',
    });
    await run(ID.fetchChanges, h);
    h.inputs = ['Add a page'];
    await run(ID.shareChanges, h);
    expect(h.calls).toEqual([
      { command: 'altinn.sync.pull', args: [{ path: '/w/app2' }] },
      { command: 'altinn.sync.push', args: [{ path: '/w/app2', message: 'Add a page' }] },
    ]);
    h.stored = { url: 'https://altinn.studio', user: 'u', token: 't' };
    h.inputs = [undefined];
    await run(ID.signIn, h);
    expect(h.inputOptions.at(-1)?.value).toBe('https://dev.altinn.studio');
  });

  it('a sync authentication error offers Sign In', async () => {
    const h = new FakeHost();
    h.server = () => {
      throw new Error('authentication failed (HTTP 401)');
    };
    h.answers = ['Sign In'];
    await run(ID.fetchChanges, h);
    expect(h.errors[0]).toMatch(/Fetching changes failed: authentication failed/);
    expect(h.ran).toEqual([ID.signIn]);
    expect(isAuthError('could not resolve host')).toBe(false);
  });

  it('Sign In sends the credentials, verifies them with altinn.sync.login, then stores them', async () => {
    const h = new FakeHost();
    h.inputs = ['https://dev.altinn.studio/', 'ola', 'tok-123456'];
    h.server = () => ({ ok: true, name: 'Ola Nordmann' });
    await run(ID.signIn, h);
    const c = { url: 'https://dev.altinn.studio', user: 'ola', token: 'tok-123456' };
    expect(h.sent).toEqual([c]);
    expect(h.calls).toEqual([
      { command: 'altinn.sync.login', args: [{ url: c.url, user: 'ola' }] },
      { command: 'altinn.sync.status', args: [{}] },
    ]);
    expect(h.saved).toEqual(c);
    expect(h.inputOptions[2].password).toBe(true);
    expect(h.infos.join(' ')).toContain('Ola Nordmann');
    expect([...h.infos, ...h.errors].join(' ')).not.toContain('tok-123456');
  });

  it('Sign In does not store credentials the server rejects (unless asked to keep them)', async () => {
    const h = new FakeHost();
    h.inputs = ['https://altinn.studio', 'ola', 'bad-token'];
    h.server = () => {
      throw new Error('401 Unauthorized');
    };
    await run(ID.signIn, h);
    expect(h.saved).toBeUndefined();
    expect(h.errors[0]).toContain('Signing in to https://altinn.studio failed');
    expect(h.sent).toEqual([{ url: 'https://altinn.studio', user: 'ola', token: 'bad-token' }, { url: '', user: '', token: '' }]);
    const h2 = new FakeHost();
    h2.inputs = ['https://altinn.studio', 'ola', 'bad-token'];
    h2.server = h.server;
    h2.answers = ['Keep Anyway'];
    await run(ID.signIn, h2);
    expect(h2.saved?.token).toBe('bad-token');
  });

  it('Sign Out forgets the token and clears the server copy', async () => {
    const h = new FakeHost();
    h.stored = { url: 'u', user: 'x', token: 'y' };
    await run(ID.signOut, h);
    expect(h.stored).toBeUndefined();
    expect(h.sent).toEqual([{ url: '', user: '', token: '' }]);
  });

  it('Start Test Runtime offers to open the app URL', async () => {
    const h = new FakeHost();
    h.server = () => ({ state: 'running', url: 'http://local.altinn.cloud/ttd/app' });
    h.answers = ['Open in Browser'];
    await run(ID.startRuntime, h);
    expect(h.calls[0].command).toBe('altinn.run.start');
    expect(h.opened).toEqual(['http://local.altinn.cloud/ttd/app']);
  });

  it('Start/Stop Test Runtime pass the runtime settings (a cluster instance)', async () => {
    const h = new FakeHost();
    h.runtimeArgs = () => ({ target: 'kubernetes', context: 'team', user: 'ola' });
    await run(ID.startRuntime, h);
    await run(ID.stopRuntime, h);
    expect(h.calls.map((c) => c.args)).toEqual([
      [{ target: 'kubernetes', context: 'team', user: 'ola' }],
      [{ target: 'kubernetes', context: 'team', user: 'ola' }],
    ]);
  });

  it('Stop Test Runtime runs altinn.run.stop', async () => {
    const h = new FakeHost();
    await run(ID.stopRuntime, h);
    expect(h.calls[0].command).toBe('altinn.run.stop');
  });

  it('Open App in Browser uses the runtime URL, or offers to start the runtime', async () => {
    const h = new FakeHost();
    h.rt = { state: 'running', url: 'http://x/app' };
    await run(ID.openInBrowser, h);
    expect(h.opened).toEqual(['http://x/app']);
    const h2 = new FakeHost();
    h2.answers = ['Start Test Runtime'];
    await run(ID.openInBrowser, h2);
    expect(h2.infos[0]).toBe('The test runtime is not running.');
    expect(h2.ran).toEqual([ID.startRuntime]);
  });

  it('Open in Designer opens the app in Studio, or explains why it cannot', async () => {
    const h = new FakeHost();
    h.repo = { studioUrl: 'https://altinn.studio', org: 'ttd', app: 'a' };
    await run(ID.openInDesigner, h);
    expect(h.opened).toEqual(['https://altinn.studio/editor/ttd/a/overview']);
    const h2 = new FakeHost();
    await run(ID.openInDesigner, h2);
    expect(h2.errors[0]).toContain('applicationmetadata.json');
  });

  it('the status bar menu offers the runtime command that fits its state', async () => {
    const h = new FakeHost();
    h.pickAnswer = (items) => items.find((i) => i.command === ID.checkApp);
    await run(ID.showActions, h);
    expect(h.picks[0].map((p) => p.command)).toContain(ID.startRuntime);
    expect(h.ran).toEqual([ID.checkApp]);
    const h2 = new FakeHost();
    h2.rt = { state: 'running', url: 'http://x' };
    await run(ID.showActions, h2);
    const ids = h2.picks[0].map((p) => p.command);
    expect(ids).toContain(ID.stopRuntime);
    expect(ids).toContain(ID.openInBrowser);
    expect(ids).not.toContain(ID.startRuntime);
  });

  it('Restart and Show Logs', async () => {
    const h = new FakeHost();
    await run(ID.restartServer, h);
    await run(ID.showLogs, h);
    expect(h.restarted).toBe(1);
    expect(h.logsShown).toBe(1);
  });
});

describe('running the app in a terminal', () => {
  it('Run, Stop, Restart and Add Debug Configuration go to the app runner', async () => {
    const host = new FakeHost();
    const did: string[] = [];
    (host as Host).appRunner = () => ({
      run: async () => void did.push('run'),
      stop: async () => void did.push('stop'),
      restart: async () => void did.push('restart'),
      addDebugConfiguration: async () => void did.push('debug'),
    });
    for (const id of [ID.runApp, ID.stopApp, ID.restartApp, ID.addDebugConfiguration]) await HANDLERS[id](host);
    expect(did).toEqual(['run', 'stop', 'restart', 'debug']);
    expect(host.calls).toEqual([]);
  });
  it('without a runner (no app) says what is needed', async () => {
    const host = new FakeHost();
    await HANDLERS[ID.runApp](host);
    expect(host.errors[0]).toContain('App/config/applicationmetadata.json');
  });
});
