import { describe, expect, it } from 'vitest';
import { appName, checkSummaryMessage, runtimeStatusText, serverStatusText, syncStatusText } from '../../src/format';
import { redact } from '../../src/trace';

describe('status bar', () => {
  it('shows the app and its generation from altinn/status', () => {
    const s = serverStatusText({ health: 'ok', apps: [{ root: '/w/demo-app', generation: 'layout-sets', dataModels: ['model'] }] }, false);
    expect(s.text).toBe('$(check) Altinn: demo-app · layout sets');
    expect(s.tooltip).toContain('data models: model');
    expect(s.tooltip).toContain('Server: ok');
  });

  it('shows the frontend and backend versions when the server sends them', () => {
    const declared = serverStatusText({
      health: 'ok',
      apps: [{
        root: '/w/old-app',
        generation: 'legacy',
        versions: {
          frontend: { major: 'v3', written: '3', certainty: 'declared', reason: 'views/Home/Index.cshtml loads altinn-app-frontend/3' },
          backend: { package: 'Altinn.App.Api', version: '7.4.0', major: 7 },
          summary: 'frontend v3 [3] (declared: views/Home/Index.cshtml loads altinn-app-frontend/3), backend Altinn.App.Api 7.4.0',
        },
      }],
    }, false);
    expect(declared.text).toBe('$(check) Altinn: old-app · legacy layouts · frontend v3 · backend 7.4.0');
    expect(declared.tooltip).toContain('Index.cshtml loads altinn-app-frontend/3');
    const assumed = serverStatusText({
      health: 'ok',
      apps: [{ root: '/w/new', generation: 'layout-sets', versions: { frontend: { major: 'v4', certainty: 'assumed', reason: 'no file' }, backend: null } }],
    }, false);
    expect(assumed.text).toBe('$(check) Altinn: new · layout sets · frontend v4?');
  });

  it('shows busy, error, several apps, no app, starting and stopped', () => {
    expect(serverStatusText({ health: 'busy', apps: [{ root: '/a/App', generation: 'ui-folders' }] }, false).text).toBe('$(sync~spin) Altinn: a · UI folders');
    const err = serverStatusText({ health: 'error', message: 'boom', apps: [] }, false);
    expect(err.text).toBe('$(error) Altinn: no app');
    expect(err.tooltip).toContain('boom');
    expect(serverStatusText({ health: 'ok', apps: [{ root: '/a' }, { root: '/b', generation: 'legacy' }] }, false).text).toBe('$(check) Altinn: 2 apps');
    expect(serverStatusText(undefined, true).text).toBe('$(sync~spin) Altinn');
    expect(serverStatusText(undefined, false, 'crashed').text).toBe('$(error) Altinn: server stopped');
  });

  it('app names from Windows and POSIX roots', () => {
    expect(appName({ root: 'C:\\repos\\my-app\\' })).toBe('my-app');
    expect(appName({ root: '/x/y/App' })).toBe('y');
  });

  it('shows sync state with conflicts', () => {
    expect(syncStatusText(undefined)).toBeUndefined();
    expect(syncStatusText({ ahead: 2, behind: 1, conflicts: [] })?.text).toBe('$(repo-sync) 1↓ 2↑');
    const c = syncStatusText({ ahead: 0, behind: 0, conflicts: ['App/ui/a.json'] });
    expect(c?.text).toBe('$(warning) 0↓ 0↑ 1 conflict');
    expect(c?.tooltip).toContain('App/ui/a.json');
  });

  it('shows the runtime only when it is not stopped', () => {
    expect(runtimeStatusText({ state: 'stopped' })).toBeUndefined();
    expect(runtimeStatusText({ state: 'running', url: 'http://local.altinn.cloud/ttd/app' })?.tooltip).toContain('http://local.altinn.cloud/ttd/app');
    expect(runtimeStatusText({ state: 'failed' })?.text).toBe('$(error) Runtime');
  });

  it('summarises altinn.check', () => {
    expect(checkSummaryMessage({ apps: 1, files: 10, errors: 5, warnings: 1 })).toBe('Checked 1 app (10 files): 5 errors, 1 warning.');
  });
});

describe('trace redaction', () => {
  it('removes the token from trace lines', () => {
    const line = `Sending request 'altinn/setCredentials - (3)'.\nParams: {"url":"https://a","user":"u","token":"s3cr3t-tok"}`;
    expect(redact(line, ['s3cr3t-tok'])).not.toContain('s3cr3t-tok');
    expect(redact(line, [])).not.toContain('s3cr3t-tok');
    expect(redact('the token is s3cr3t-tok', ['s3cr3t-tok'])).toBe('the token is «redacted»');
    expect(redact('nothing here', ['s3cr3t-tok'])).toBe('nothing here');
  });
});
