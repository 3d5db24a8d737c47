// The `altinnStudio.studioUrl` setting: an environment preset (the same names and hosts as
// studioctl's environments: prod, dev, staging, local) or a URL of its own.

export const STUDIO_PRESETS: Record<string, string> = {
  prod: 'https://altinn.studio',
  dev: 'https://dev.altinn.studio',
  staging: 'https://staging.altinn.studio',
  // `altinn-ls stack up` (compose) publishes the local stack here.
  local: 'http://studio.localhost:8000',
};

/** The Studio URL a setting value stands for: a preset name, or a URL (trailing slashes dropped). */
export function studioUrlFrom(setting: string | undefined): string {
  const v = (setting ?? '').trim();
  if (!v) return STUDIO_PRESETS.prod;
  const preset = STUDIO_PRESETS[v.toLowerCase()];
  if (preset) return preset;
  return /^https?:\/\/[^/\s]+/.test(v) ? v.replace(/\/+$/, '') : STUDIO_PRESETS.prod;
}

/** The preset name of a URL, for showing it next to the URL ("dev"), if it is one. */
export function presetOf(url: string): string | undefined {
  const u = url.replace(/\/+$/, '');
  return Object.keys(STUDIO_PRESETS).find((k) => STUDIO_PRESETS[k] === u);
}

/** Settings of the `altinnStudio` section the server does not know (it reports unknown keys):
 * studioUrl, and runtime.* (the editor passes those as arguments of altinn.run.start/stop). */
export const CLIENT_ONLY_KEYS = ['studioUrl', 'runtime', 'run'];

/** The section as the server gets it: without the client-only keys. */
export function withoutClientOnly<T>(section: T): T {
  if (!section || typeof section !== 'object' || Array.isArray(section)) return section;
  const copy = { ...(section as Record<string, unknown>) };
  for (const k of CLIENT_ONLY_KEYS) delete copy[k];
  return copy as T;
}
