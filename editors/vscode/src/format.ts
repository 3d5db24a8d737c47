// Text shown in the status bar and messages, computed from the server's notifications.

export type Health = 'ok' | 'busy' | 'error';
export type Generation = 'layout-sets' | 'ui-folders' | 'legacy';

export interface VersionsInfo {
  frontend: { major: 'v3' | 'v4' | 'next'; written?: string | null; certainty: 'declared' | 'inferred' | 'assumed'; reason: string; inDoubt?: boolean };
  backend?: { package: string; version: string; major?: number | null } | null;
  summary?: string;
}

export interface AppInfo {
  root: string;
  appDir?: string;
  generation?: Generation | null;
  dataModels?: string[];
  versions?: VersionsInfo;
}

export interface StatusParams {
  health: Health;
  message?: string;
  apps: AppInfo[];
}

export interface SyncParams {
  ahead: number;
  behind: number;
  conflicts: string[];
}

export type RuntimeState = 'starting' | 'running' | 'stopped' | 'failed';

export interface RuntimeParams {
  state: RuntimeState;
  url?: string;
}

export interface CheckSummary {
  apps: number;
  files: number;
  errors: number;
  warnings: number;
  information?: number;
  hints?: number;
}

export function generationLabel(g: Generation | null | undefined): string {
  switch (g) {
    case 'layout-sets':
      return 'layout sets';
    case 'ui-folders':
      return 'UI folders';
    case 'legacy':
      return 'legacy layouts';
    default:
      return 'no layouts';
  }
}

/** `frontend v4 · backend 8.12.7`; a `?` marks a frontend that no file declares; an unknown
 * backend is left out. */
export function versionsLabel(v: VersionsInfo | undefined): string | undefined {
  if (!v) return undefined;
  const f = v.frontend;
  const mark = f.certainty === 'declared' ? '' : '?';
  const front = `frontend ${f.written ? `v${f.written}` : f.major}${mark}`;
  return v.backend ? `${front} · backend ${v.backend.version}` : front;
}

export function appName(app: AppInfo): string {
  const parts = app.root.replace(/[\\/]+$/, '').split(/[\\/]/);
  const last = parts[parts.length - 1] ?? app.root;
  if (last === 'App' && parts.length > 1) {
    return parts[parts.length - 2];
  }
  return last || app.root;
}

export interface StatusText {
  text: string;
  tooltip: string;
}

export function serverStatusText(s: StatusParams | undefined, starting: boolean, stopped?: string): StatusText {
  if (stopped) {
    return { text: '$(error) Altinn: server stopped', tooltip: stopped };
  }
  if (!s) {
    return {
      text: starting ? '$(sync~spin) Altinn' : '$(circle-slash) Altinn',
      tooltip: starting ? 'Starting the Altinn Studio language server…' : 'The Altinn Studio language server is not running',
    };
  }
  const icon = s.health === 'busy' ? '$(sync~spin)' : s.health === 'error' ? '$(error)' : '$(check)';
  let label: string;
  if (s.apps.length === 0) {
    label = 'no app';
  } else if (s.apps.length === 1) {
    const versions = versionsLabel(s.apps[0].versions);
    label = `${appName(s.apps[0])} · ${generationLabel(s.apps[0].generation)}${versions ? ` · ${versions}` : ''}`;
  } else {
    label = `${s.apps.length} apps`;
  }
  const lines = s.apps.map((a) => {
    const models = a.dataModels && a.dataModels.length ? `; data models: ${a.dataModels.join(', ')}` : '';
    const versions = a.versions ? `\n  ${a.versions.summary ?? versionsLabel(a.versions)}` : '';
    return `${appName(a)} (${generationLabel(a.generation)}${models}) — ${a.root}${versions}`;
  });
  const health = s.health === 'ok' ? 'Server: ok' : s.health === 'busy' ? 'Server: checking…' : 'Server: error';
  const tooltip = [health + (s.message ? ` — ${s.message}` : ''), ...lines, 'Click for Altinn Studio actions'].join('\n');
  return { text: `${icon} Altinn: ${label}`, tooltip };
}

export function syncStatusText(s: SyncParams | undefined): StatusText | undefined {
  if (!s) return undefined;
  const conflicts = s.conflicts?.length ?? 0;
  const icon = conflicts ? '$(warning)' : '$(repo-sync)';
  let text = `${icon} ${s.behind}↓ ${s.ahead}↑`;
  if (conflicts) text += ` ${conflicts} conflict${conflicts === 1 ? '' : 's'}`;
  const tooltip = [
    `${s.behind} commit(s) to fetch, ${s.ahead} to share`,
    ...(conflicts ? [`Conflicts: ${s.conflicts.join(', ')}`] : []),
    'Click to fetch or share changes',
  ].join('\n');
  return { text, tooltip };
}

export function runtimeStatusText(r: RuntimeParams | undefined): StatusText | undefined {
  if (!r || r.state === 'stopped') return undefined;
  switch (r.state) {
    case 'starting':
      return { text: '$(sync~spin) Runtime', tooltip: 'The test runtime is starting…' };
    case 'running':
      return { text: '$(globe) Runtime', tooltip: `The app runs at ${r.url ?? '(unknown URL)'}\nClick to open it in the browser` };
    case 'failed':
      return { text: '$(error) Runtime', tooltip: 'The test runtime failed to start; see the logs' };
  }
  return undefined;
}

export function checkSummaryMessage(s: CheckSummary): string {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `Checked ${plural(s.apps, 'app')} (${plural(s.files, 'file')}): ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}.`;
}
