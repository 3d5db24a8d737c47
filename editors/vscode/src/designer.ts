// Where an app lives in Altinn Studio: from the git remote (`<studio>/repos/<org>/<app>.git`),
// else from applicationmetadata.json's `id` ("org/app") and the Studio URL signed in to.

export const DEFAULT_STUDIO_URL = 'https://altinn.studio';

export interface StudioRepo {
  studioUrl: string;
  org: string;
  app: string;
}

/** The `url` of `[remote "origin"]` (else of the first remote) in a `.git/config` text. */
export function originUrl(gitConfig: string): string | undefined {
  let current: string | undefined;
  let first: string | undefined;
  let origin: string | undefined;
  for (const raw of gitConfig.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[\s*remote\s+"([^"]*)"\s*\]$/.exec(line);
    if (section) {
      current = section[1];
      continue;
    }
    if (line.startsWith('[')) {
      current = undefined;
      continue;
    }
    const kv = /^url\s*=\s*(.+)$/.exec(line);
    if (kv && current !== undefined) {
      const url = kv[1].trim();
      first ??= url;
      if (current === 'origin') origin = url;
    }
  }
  return origin ?? first;
}

/** Parses a Studio repository URL: `https://host[/prefix]/repos/org/app(.git)`; user info is dropped. */
export function parseRepoUrl(url: string): StudioRepo | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  const m = /^(.*?)\/repos\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(u.pathname);
  if (!m) return undefined;
  return { studioUrl: `${u.protocol}//${u.host}${m[1]}`, org: decodeURIComponent(m[2]), app: decodeURIComponent(m[3]) };
}

/** `{"id": "org/app"}` of applicationmetadata.json. */
export function idFromMetadata(text: string): { org: string; app: string } | undefined {
  try {
    const v = JSON.parse(text) as { id?: unknown; org?: unknown };
    if (typeof v.id === 'string') {
      const [org, app] = v.id.split('/');
      if (org && app) return { org, app };
    }
  } catch {
    /* not JSON: no id */
  }
  return undefined;
}

export function designerUrl(r: StudioRepo): string {
  return `${r.studioUrl.replace(/\/+$/, '')}/editor/${encodeURIComponent(r.org)}/${encodeURIComponent(r.app)}/overview`;
}

export function studioRepo(
  gitConfig: string | undefined,
  metadata: string | undefined,
  signedInUrl: string | undefined,
): StudioRepo | undefined {
  const remote = gitConfig ? originUrl(gitConfig) : undefined;
  const fromRemote = remote ? parseRepoUrl(remote) : undefined;
  if (fromRemote) return fromRemote;
  const id = metadata ? idFromMetadata(metadata) : undefined;
  if (id) return { studioUrl: signedInUrl || DEFAULT_STUDIO_URL, ...id };
  return undefined;
}
