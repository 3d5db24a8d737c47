// Running the app from the editor, the pure part: what `altinn-ls run --dry-run --json` tells,
// the problem matcher for `dotnet build` errors in the run's output, and the debug
// configurations. No VS Code import here, so the unit tests can run it.

/** The task type contributed in package.json (`taskDefinitions`). */
export const TASK_TYPE = 'altinn';
/** Task names: `altinn: run app`, `altinn: start runtime`, `altinn: build app`. */
export const TASK = { run: 'run app', runtime: 'start runtime', build: 'build app' } as const;
/** The problem matcher contributed in package.json (`problemMatchers`), by name. */
export const PROBLEM_MATCHER = '$altinn-dotnet';
export const DEBUG_NAME = 'Altinn: debug the app (runtime first)';
export const ATTACH_NAME = 'Altinn: attach to the app';

/**
 * A `dotnet build` diagnostic, as MSBuild prints it, in the output of `altinn-ls run` (which
 * prefixes the app's lines with `[app] `):
 * `[app] /src/App/logic/X.cs(12,5): error CS1002: ; expected [/src/App/App.csproj]`.
 * Groups: 1 file, 2 line, 3 column, 4 severity, 5 code, 6 message. Kept in step with
 * package.json by a unit test.
 */
export const DOTNET_DIAGNOSTIC =
  '^(?:\\[app\\] )?(?:\\s*\\d+>)?\\s*(\\S.*?)\\((\\d+),(\\d+)(?:,\\d+,\\d+)?\\):\\s+(error|warning)\\s+([A-Za-z]+\\d+):\\s*(.*?)(?:\\s+\\[[^\\]]*\\])?\\s*$';

export interface RunPlan {
  /** Where the app is opened: http://local.altinn.cloud/<org>/<app>/ */
  url: string;
  appRoot: string;
  appPort: number;
  workflowEngine: boolean;
  services: { name: string; image: string; ports: string[] }[];
}

/** Reads `altinn-ls run --dry-run --json`. */
export function parsePlan(text: string): RunPlan | undefined {
  try {
    const v = JSON.parse(text);
    if (typeof v?.url !== 'string' || typeof v?.app?.root !== 'string') return undefined;
    return {
      url: v.url,
      appRoot: v.app.root,
      appPort: typeof v.appPort === 'number' ? v.appPort : 5005,
      workflowEngine: v.workflowEngine === true,
      services: Array.isArray(v.services) ? v.services : [],
    };
  } catch {
    return undefined;
  }
}

/** The arguments of `altinn-ls` for the run task: the app in the foreground, its log streamed. */
export function runArgs(appRoot: string, appCommand?: string): string[] {
  const a = ['run', appRoot];
  if (appCommand && appCommand.trim()) a.push('--app-command', appCommand.trim());
  return a;
}

/** The runtime's state from the answer at the app's URL: the runtime's NGINX says 502 while the app is not up. */
export function stateFromStatus(status: number | undefined): 'running' | 'starting' {
  return status !== undefined && status < 500 ? 'running' : 'starting';
}

/** Target framework and assembly name from App/App.csproj (defaults: net8.0, App). */
export function projectInfo(csproj: string | undefined, fileName = 'App.csproj'): { tfm: string; assembly: string } {
  const tag = (name: string) => csproj?.match(new RegExp(`<${name}>\\s*([^<\\s;]+)`))?.[1];
  return { tfm: tag('TargetFramework') ?? tag('TargetFrameworks') ?? 'net8.0', assembly: tag('AssemblyName') ?? fileName.replace(/\.csproj$/i, '') };
}

export interface DebugConfiguration {
  name: string;
  type: string;
  request: string;
  [k: string]: unknown;
}

/**
 * A `coreclr` launch that starts the runtime first (the `altinn: start runtime` task, then the
 * build), the app on the port the runtime's NGINX forwards to, as `altinn-ls run` starts it; and
 * an attach configuration. `appDir` is the App/ folder relative to the workspace folder ('App').
 */
export function debugConfigurations(appDir: string, csproj: string | undefined, appPort: number, csprojName = 'App.csproj'): DebugConfiguration[] {
  const { tfm, assembly } = projectInfo(csproj, csprojName);
  const dir = '${workspaceFolder}/' + appDir.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  return [
    {
      name: DEBUG_NAME,
      type: 'coreclr',
      request: 'launch',
      preLaunchTask: `${TASK_TYPE}: ${TASK.build}`,
      program: `${dir}/bin/Debug/${tfm}/${assembly}.dll`,
      cwd: dir,
      env: {
        ASPNETCORE_ENVIRONMENT: 'Development',
        ASPNETCORE_URLS: `http://0.0.0.0:${appPort}`,
      },
      stopAtEntry: false,
      console: 'integratedTerminal',
    },
    {
      name: ATTACH_NAME,
      type: 'coreclr',
      request: 'attach',
      processId: '${command:pickProcess}',
    },
  ];
}

/** JSON with comments and trailing commas, as VS Code writes launch.json. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[++i] ?? '';
      } else if (c === '"') {
        inString = false;
      }
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) i++;
      i++;
    } else {
      out += c;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

/**
 * launch.json with our configurations added (ours replaced by name, the user's kept).
 * Throws when the file is not JSON (with comments): the caller shows the configurations instead.
 */
export function mergeLaunch(existing: string | undefined, configs: DebugConfiguration[]): string {
  const base = existing && existing.trim() ? (parseJsonc(existing) as { version?: string; configurations?: DebugConfiguration[] }) : {};
  const names = new Set(configs.map((c) => c.name));
  const kept = Array.isArray(base.configurations) ? base.configurations.filter((c) => !names.has(c?.name)) : [];
  return JSON.stringify({ ...base, version: base.version ?? '0.2.0', configurations: [...configs, ...kept] }, null, 2) + '\n';
}
