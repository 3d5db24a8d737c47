// Finding the `altinn-ls` executable: the `altinnStudio.server.path` setting, then the binary
// bundled in the extension (`server/altinn-ls`), then `altinn-ls` on the PATH.
// Pure logic: the file system is passed in, so the unit tests can fake it.
import * as path from 'path';

export type ServerSource = 'setting' | 'bundled' | 'path';

export interface FoundServer {
  command: string;
  source: ServerSource;
}

export interface NotFound {
  error: string;
  /** Every place that was looked at, in order. */
  tried: string[];
}

export interface DiscoveryEnv {
  /** The `altinnStudio.server.path` setting (may be empty). */
  setting: string | undefined;
  extensionPath: string;
  /** `process.env.PATH`. */
  pathEnv: string | undefined;
  platform: NodeJS.Platform;
  homeDir: string;
  /** The first workspace folder, for a relative setting. */
  workspaceFolder: string | undefined;
  /** True when `file` exists, is a file and can be executed. */
  isExecutable(file: string): boolean;
  /** True when `file` exists at all (to tell "missing" from "not executable"). */
  exists(file: string): boolean;
}

export function executableName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'altinn-ls.exe' : 'altinn-ls';
}

/** Expands `~` and `${workspaceFolder}` and makes a relative path absolute against the workspace. */
export function expandSetting(value: string, env: Pick<DiscoveryEnv, 'homeDir' | 'workspaceFolder' | 'platform'>): string {
  const p = env.platform === 'win32' ? path.win32 : path.posix;
  let v = value.trim();
  if (env.workspaceFolder) {
    v = v.split('${workspaceFolder}').join(env.workspaceFolder);
  }
  if (v === '~' || v.startsWith('~/') || v.startsWith('~\\')) {
    v = p.join(env.homeDir, v.slice(1));
  }
  if (!p.isAbsolute(v) && env.workspaceFolder) {
    v = p.join(env.workspaceFolder, v);
  }
  return v;
}

export function findServer(env: DiscoveryEnv): FoundServer | NotFound {
  const p = env.platform === 'win32' ? path.win32 : path.posix;
  const tried: string[] = [];
  const setting = (env.setting ?? '').trim();
  if (setting) {
    const file = expandSetting(setting, env);
    if (env.isExecutable(file)) {
      return { command: file, source: 'setting' };
    }
    const why = env.exists(file) ? 'is not an executable file' : 'does not exist';
    return {
      error: `The altinn-ls server set in altinnStudio.server.path (${file}) ${why}. Fix the setting or clear it to use the bundled server.`,
      tried: [`setting: ${file}`],
    };
  }
  const name = executableName(env.platform);
  const bundled = p.join(env.extensionPath, 'server', name);
  tried.push(`bundled: ${bundled}`);
  if (env.isExecutable(bundled)) {
    return { command: bundled, source: 'bundled' };
  }
  const sep = env.platform === 'win32' ? ';' : ':';
  for (const dir of (env.pathEnv ?? '').split(sep)) {
    if (!dir) continue;
    const file = p.join(dir, name);
    tried.push(`PATH: ${file}`);
    if (env.isExecutable(file)) {
      return { command: file, source: 'path' };
    }
  }
  return {
    error:
      'The Altinn Studio language server (altinn-ls) was not found: this extension package has no bundled server for this platform and altinn-ls is not on the PATH. Install altinn-ls or set altinnStudio.server.path.',
    tried,
  };
}

export function isFound(r: FoundServer | NotFound): r is FoundServer {
  return (r as FoundServer).command !== undefined;
}
