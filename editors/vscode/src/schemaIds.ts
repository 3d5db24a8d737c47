// Pure: which problems of VS Code's JSON support come from Altinn's published schemas.

/** "Unable to load schema from 'https://altinncdn.no/…'" (offline, proxy, or downloads blocked). */
export function isAltinnSchemaLoadProblem(message: string): boolean {
  return /^Unable to load schema from 'https?:\/\/altinncdn\.no\//.test(message) || /^Problems loading reference 'https?:\/\/altinncdn\.no\//.test(message);
}
