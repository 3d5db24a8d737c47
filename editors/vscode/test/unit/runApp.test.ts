// Running the app from the editor: the problem matcher, the plan from `altinn-ls run --dry-run
// --json`, the debug configurations and launch.json merging.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ATTACH_NAME,
  DEBUG_NAME,
  debugConfigurations,
  DOTNET_DIAGNOSTIC,
  mergeLaunch,
  parseJsonc,
  parsePlan,
  projectInfo,
  runArgs,
  stateFromStatus,
  TASK,
  TASK_TYPE,
} from '../../src/runApp';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));

describe('the dotnet build problem matcher', () => {
  const re = new RegExp(DOTNET_DIAGNOSTIC);
  it('reads MSBuild errors and warnings in the run output ([app] prefix), without the project suffix', () => {
    const m = re.exec('[app] /src/app/App/logic/Calc.cs(12,5): error CS1002: ; expected [/src/app/App/App.csproj]');
    expect(m?.slice(1)).toEqual(['/src/app/App/logic/Calc.cs', '12', '5', 'error', 'CS1002', '; expected']);
    const w = re.exec('/src/app/App/Program.cs(3,1,3,9): warning CS0168: The variable \'x\' is declared but never used');
    expect(w?.slice(1, 6)).toEqual(['/src/app/App/Program.cs', '3', '1', 'warning', 'CS0168']);
    const n = re.exec('[app]   1>/src/App/X.cs(1,2): error CS0246: The type or namespace name \'Foo\' could not be found');
    expect(n?.[1]).toBe('/src/App/X.cs');
  });
  it('ignores ordinary log lines', () => {
    for (const l of ['[app] Now listening on: http://0.0.0.0:5005', '[app] Build succeeded.', 'The runtime is up at http://local.altinn.cloud/', '[app]     0 Error(s)']) {
      expect(re.test(l), l).toBe(false);
    }
  });
  it('is the pattern package.json contributes', () => {
    const m = pkg.contributes.problemMatchers.find((x: { name: string }) => x.name === 'altinn-dotnet');
    expect(m.pattern.regexp).toBe(DOTNET_DIAGNOSTIC);
    expect(m.fileLocation).toBe('absolute');
    expect(pkg.contributes.taskDefinitions[0].type).toBe(TASK_TYPE);
    expect(pkg.contributes.taskDefinitions[0].properties.task.enum).toEqual(Object.values(TASK));
  });
});

describe('the run plan', () => {
  it('reads altinn-ls run --dry-run --json', () => {
    const p = parsePlan(
      JSON.stringify({
        app: { root: '/w/app', org: 'ttd', app: 'app', backend: null },
        url: 'http://local.altinn.cloud/ttd/app/',
        appPort: 5005,
        workflowEngine: false,
        services: [{ name: 'runtime', image: 'ghcr.io/altinn/altinn-studio/runtime-localtest:x', ports: ['127.0.0.1:5101'] }],
        commands: [],
      }),
    );
    expect(p?.url).toBe('http://local.altinn.cloud/ttd/app/');
    expect(p?.appRoot).toBe('/w/app');
    expect(p?.services[0].name).toBe('runtime');
    expect(parsePlan('altinn-ls: no Altinn app found')).toBeUndefined();
    expect(parsePlan('{}')).toBeUndefined();
  });
  it('runs the app in the foreground, with the app command setting when there is one', () => {
    expect(runArgs('/w/app')).toEqual(['run', '/w/app']);
    expect(runArgs('/w/app', ' npm start ')).toEqual(['run', '/w/app', '--app-command', 'npm start']);
  });
  it('the app runs when NGINX stops answering 502', () => {
    expect(stateFromStatus(undefined)).toBe('starting');
    expect(stateFromStatus(502)).toBe('starting');
    expect(stateFromStatus(200)).toBe('running');
    expect(stateFromStatus(302)).toBe('running');
  });
});

describe('debug configurations', () => {
  const csproj = '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net9.0</TargetFramework><AssemblyName>Altinn.App</AssemblyName></PropertyGroup></Project>';
  it('reads the target framework and assembly from the project file', () => {
    expect(projectInfo(csproj)).toEqual({ tfm: 'net9.0', assembly: 'Altinn.App' });
    expect(projectInfo(undefined)).toEqual({ tfm: 'net8.0', assembly: 'App' });
    expect(projectInfo('<TargetFramework>net8.0</TargetFramework>', 'My.App.csproj').assembly).toBe('My.App');
  });
  it('a coreclr launch that starts the runtime and builds first, on the app port; and an attach', () => {
    const [launch, attach] = debugConfigurations('App', csproj, 5005);
    expect(launch).toMatchObject({
      name: DEBUG_NAME,
      type: 'coreclr',
      request: 'launch',
      preLaunchTask: 'altinn: build app',
      program: '${workspaceFolder}/App/bin/Debug/net9.0/Altinn.App.dll',
      cwd: '${workspaceFolder}/App',
      env: { ASPNETCORE_ENVIRONMENT: 'Development', ASPNETCORE_URLS: 'http://0.0.0.0:5005' },
    });
    expect(attach).toMatchObject({ name: ATTACH_NAME, type: 'coreclr', request: 'attach' });
    expect(debugConfigurations('apps\\one\\App', undefined, 5006)[0].cwd).toBe('${workspaceFolder}/apps/one/App');
  });
  it('merges into launch.json: ours replaced by name, the user\'s kept, comments allowed', () => {
    const configs = debugConfigurations('App', undefined, 5005);
    const fresh = JSON.parse(mergeLaunch(undefined, configs));
    expect(fresh.version).toBe('0.2.0');
    expect(fresh.configurations.map((c: { name: string }) => c.name)).toEqual([DEBUG_NAME, ATTACH_NAME]);
    const existing = `{
      // mine
      "version": "0.2.0",
      "configurations": [
        { "name": "Mine", "type": "node", "request": "launch", "url": "http://x//y" },
        { "name": "${DEBUG_NAME}", "type": "coreclr", "request": "launch", "program": "old" },
      ],
    }`;
    const merged = JSON.parse(mergeLaunch(existing, configs));
    expect(merged.configurations.map((c: { name: string }) => c.name)).toEqual([DEBUG_NAME, ATTACH_NAME, 'Mine']);
    expect(merged.configurations[0].program).not.toBe('old');
    expect(merged.configurations[2].url).toBe('http://x//y');
    expect(() => mergeLaunch('{ not json', configs)).toThrow();
    expect(parseJsonc('/* a */ {"a": "//b", } ')).toEqual({ a: '//b' });
  });
});
