import { describe, expect, it } from 'vitest';
import { DiscoveryEnv, expandSetting, findServer, isFound } from '../../src/serverPath';

function env(files: Record<string, 'exe' | 'plain'>, over: Partial<DiscoveryEnv> = {}): DiscoveryEnv {
  return {
    setting: '',
    extensionPath: '/ext',
    pathEnv: '/usr/local/bin:/usr/bin',
    platform: 'linux',
    homeDir: '/home/u',
    workspaceFolder: '/ws',
    isExecutable: (f) => files[f] === 'exe',
    exists: (f) => f in files,
    ...over,
  };
}

describe('server discovery', () => {
  it('uses the setting first, even when a bundled server and one on PATH exist', () => {
    const r = findServer(env({ '/opt/als': 'exe', '/ext/server/altinn-ls': 'exe', '/usr/bin/altinn-ls': 'exe' }, { setting: '/opt/als' }));
    expect(r).toEqual({ command: '/opt/als', source: 'setting' });
  });

  it('does not fall back when the configured path is wrong, and says why', () => {
    const missing = findServer(env({ '/ext/server/altinn-ls': 'exe' }, { setting: '/opt/nope' }));
    expect(isFound(missing)).toBe(false);
    expect((missing as { error: string }).error).toContain('/opt/nope');
    expect((missing as { error: string }).error).toContain('does not exist');
    const notExe = findServer(env({ '/opt/als': 'plain' }, { setting: '/opt/als' }));
    expect((notExe as { error: string }).error).toContain('is not an executable file');
  });

  it('then the bundled server/altinn-ls, before PATH', () => {
    const r = findServer(env({ '/ext/server/altinn-ls': 'exe', '/usr/bin/altinn-ls': 'exe' }));
    expect(r).toEqual({ command: '/ext/server/altinn-ls', source: 'bundled' });
  });

  it('ignores a bundled file that is not executable and searches PATH in order', () => {
    const r = findServer(env({ '/ext/server/altinn-ls': 'plain', '/usr/bin/altinn-ls': 'exe', '/usr/local/bin/altinn-ls': 'exe' }));
    expect(r).toEqual({ command: '/usr/local/bin/altinn-ls', source: 'path' });
  });

  it('reports every place it looked when nothing is found', () => {
    const r = findServer(env({}));
    expect(isFound(r)).toBe(false);
    const nf = r as { error: string; tried: string[] };
    expect(nf.tried).toEqual(['bundled: /ext/server/altinn-ls', 'PATH: /usr/local/bin/altinn-ls', 'PATH: /usr/bin/altinn-ls']);
    expect(nf.error).toMatch(/altinnStudio\.server\.path/);
  });

  it('a blank setting counts as unset', () => {
    const r = findServer(env({ '/ext/server/altinn-ls': 'exe' }, { setting: '   ' }));
    expect(r).toEqual({ command: '/ext/server/altinn-ls', source: 'bundled' });
  });

  it('uses altinn-ls.exe and ; on Windows', () => {
    const files = { 'C:\\tools\\altinn-ls.exe': 'exe' as const };
    const r = findServer(env(files, { platform: 'win32', extensionPath: 'C:\\ext', pathEnv: 'C:\\Windows;C:\\tools' }));
    expect(r).toEqual({ command: 'C:\\tools\\altinn-ls.exe', source: 'path' });
  });

  it('expands ~, ${workspaceFolder} and relative paths in the setting', () => {
    const e = { homeDir: '/home/u', workspaceFolder: '/ws', platform: 'linux' as const };
    expect(expandSetting('~/bin/altinn-ls', e)).toBe('/home/u/bin/altinn-ls');
    expect(expandSetting('${workspaceFolder}/target/debug/altinn-ls', e)).toBe('/ws/target/debug/altinn-ls');
    expect(expandSetting('target/release/altinn-ls', e)).toBe('/ws/target/release/altinn-ls');
    expect(expandSetting('/abs/altinn-ls', e)).toBe('/abs/altinn-ls');
  });
});
