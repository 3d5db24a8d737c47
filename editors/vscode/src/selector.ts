// Which documents the language server gets: the Altinn app files.
// Patterns are relative to anywhere in the workspace: the app may be the workspace folder itself
// (`ui/…`, `config/…`), inside `App/`, or deeper in a monorepo.

export interface Filter {
  scheme: string;
  language?: string;
  pattern: string;
}

export const APP_FOLDERS = ['App', 'ui', 'config', 'models', 'options'];

export function documentSelector(): Filter[] {
  const folders = `{${APP_FOLDERS.join(',')}}`;
  const json: Filter[] = ['json', 'jsonc'].map((language) => ({
    scheme: 'file',
    language,
    pattern: `**/${folders}/**/*.json`,
  }));
  return [
    ...json,
    // process.bpmn may have the language id xml, bpmn or plaintext, depending on the installed extensions.
    { scheme: 'file', pattern: '**/*.bpmn' },
    { scheme: 'file', pattern: `**/${folders}/**/*.xml` },
    { scheme: 'file', pattern: '**/RuleHandler.js' },
    // The C# data model classes: definition, references, hover and rename between their
    // properties and the bindings (any language id: with or without a C# extension).
    { scheme: 'file', pattern: '**/models/*.cs' },
  ];
}

/** Files whose changes on disk the server must hear about (git pull, other tools). */
export const WATCH_GLOB = '**/*.{json,bpmn,xml,js,cs}';
