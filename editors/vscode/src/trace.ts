// The LSP trace channel: vscode-languageclient 11 traces only when its trace channel's log level
// is Trace, so this channel reports Trace exactly when `altinnStudio.trace.server` is not "off".
// Every line goes through `redact` first: the token sent with `altinn/setCredentials` never
// reaches the output.

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) {
      out = out.split(s).join('«redacted»');
      // Also as it appears inside JSON strings.
      const escaped = JSON.stringify(s).slice(1, -1);
      if (escaped !== s) out = out.split(escaped).join('«redacted»');
    }
  }
  // Whatever the secrets list missed: the token field of setCredentials params.
  return out.replace(/("token"\s*:\s*")((?:[^"\\]|\\.)*)(")/g, (_m, a: string, v: string, c: string) => (v ? `${a}«redacted»${c}` : `${a}${c}`));
}
