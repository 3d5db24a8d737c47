// The Altinn apps of the workspace and which one a file belongs to (multi-root: commands follow
// the active file's app). Pure logic; the file system is passed in.
import * as path from 'path';

export interface AppRef {
  /** The repository folder (holds `App/`, or is the app folder itself). */
  root: string;
  /** The folder with `config/applicationmetadata.json` (usually `<root>/App`). */
  appDir: string;
  name: string;
}

/** The apps `altinn/status` reported, else the workspace folders that are apps. */
export function appsOf(
  status: { root: string; appDir?: string }[] | undefined,
  folders: string[],
  exists: (file: string) => boolean,
): AppRef[] {
  if (status?.length) {
    return status.map((a) => {
      const appDir = a.appDir ?? path.join(a.root, 'App');
      return { root: a.root, appDir, name: path.basename(a.root) };
    });
  }
  const out: AppRef[] = [];
  for (const f of folders) {
    if (exists(path.join(f, 'App', 'config', 'applicationmetadata.json'))) out.push({ root: f, appDir: path.join(f, 'App'), name: path.basename(f) });
    else if (exists(path.join(f, 'config', 'applicationmetadata.json'))) out.push({ root: f, appDir: f, name: path.basename(f) });
  }
  return out;
}

/** Is `file` the folder `dir` itself or inside it? */
export function inside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The app a file belongs to: the innermost app whose repository folder holds it. */
export function appFor(file: string | undefined, apps: AppRef[]): AppRef | undefined {
  if (!file) return undefined;
  let best: AppRef | undefined;
  for (const a of apps) if (inside(file, a.root) && (!best || a.root.length > best.root.length)) best = a;
  return best;
}

/** Is this workspace folder an app, or does it hold one? */
export function folderHasApp(folder: string, apps: AppRef[]): boolean {
  return apps.some((a) => inside(a.root, folder) || inside(folder, a.root));
}
