// `check`'s text output and the `$altinn-ls` problem matcher that reads it (package.json has the
// same matcher; a unit test keeps them equal and runs the patterns on real `check` output).
// Pure: no VS Code API here.

// Its own task type: the type `altinn` is the run tasks' (runApp.ts); both show as "altinn: …".
export const TASK_TYPE = 'altinn-check';
export const TASK_SOURCE = 'altinn';
export const MATCHER = '$altinn-ls';

/**
 * `check`'s text output (server/cli/src/output.rs), two lines per diagnostic:
 *   error[AL0203]: Component id 'name' is also used on page 'Page2' …
 *    --> App/ui/form/layouts/Page1.json:6:16
 * The column is in UTF-16 code units, 1-based: what VS Code counts.
 */
export const HEADER_RE = '^(error|warning|information|hint)\\[(AL\\d{4})\\]: (.*)$';
export const LOCATION_RE = '^\\s*--> (.+):(\\d+):(\\d+)$';

/** The `problemMatchers` entry of package.json (kept equal to it by a unit test). */
export const PROBLEM_MATCHER = {
  name: 'altinn-ls',
  label: 'altinn-ls check',
  owner: 'altinn-ls',
  // Tells the task's problems from the language server's (source altinn-ls) in the Problems view.
  source: 'altinn-ls check',
  // `information` and `hint` are not severities VS Code's matcher knows: they fall back to this.
  severity: 'info',
  fileLocation: ['autoDetect', '${workspaceFolder}'],
  pattern: [
    { regexp: HEADER_RE, severity: 1, code: 2, message: 3 },
    { regexp: LOCATION_RE, file: 1, line: 2, column: 3 },
  ],
};

/** argv of `altinn-ls` for a task definition. */
export function checkArgs(def: { paths?: unknown }): string[] {
  const paths = Array.isArray(def.paths) ? def.paths.filter((p): p is string => typeof p === 'string' && p.length > 0) : [];
  return ['check', ...(paths.length ? paths : ['.'])];
}

export interface MatchedProblem {
  severity: string;
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
}

/** What VS Code's two-line matcher finds in `check`'s output (for the tests). */
export function matchProblems(output: string): MatchedProblem[] {
  const header = new RegExp(HEADER_RE);
  const location = new RegExp(LOCATION_RE);
  const lines = output.split(/\r?\n/);
  const out: MatchedProblem[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const h = header.exec(lines[i]);
    const l = h && location.exec(lines[i + 1]);
    if (h && l) out.push({ severity: h[1], code: h[2], message: h[3], file: l[1], line: Number(l[2]), column: Number(l[3]) });
  }
  return out;
}
