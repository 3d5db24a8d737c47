// The `$altinn-ls` problem matcher against real `altinn-ls check` output.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkArgs, matchProblems, PROBLEM_MATCHER } from '../../src/checkMatcher';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
const repo = path.resolve(__dirname, '../../../..');
const demo = path.join(repo, 'examples/demo-app');

const EXPECTED = [
  { severity: 'error', code: 'AL0203', file: 'App/ui/form/layouts/Page1.json', line: 6, column: 16 },
  { severity: 'error', code: 'AL0403', file: 'App/ui/form/layouts/Page1.json', line: 8, column: 50 },
  { severity: 'error', code: 'AL0501', file: 'App/ui/form/layouts/Page1.json', line: 16, column: 45 },
  { severity: 'error', code: 'AL1001', file: 'App/ui/form/layouts/Page1.json', line: 23, column: 21 },
  { severity: 'error', code: 'AL0204', file: 'App/ui/form/layouts/Page2.json', line: 9, column: 39 },
  { severity: 'error', code: 'AL0203', file: 'App/ui/form/layouts/Page2.json', line: 12, column: 16 },
  { severity: 'warning', code: 'AL0302', file: 'App/ui/form/layouts/Page3.json', line: 3, column: 3 },
  { severity: 'error', code: 'AL0601', file: 'App/ui/layout-sets.json', line: 4, column: 63 },
];

function strip(ps: ReturnType<typeof matchProblems>) {
  return ps.map(({ severity, code, file, line, column }) => ({ severity, code, file, line, column }));
}

describe('the $altinn-ls problem matcher', () => {
  it('is the one package.json contributes', () => {
    expect(pkg.contributes.problemMatchers.filter((m: { name: string }) => m.name === 'altinn-ls')).toEqual([PROBLEM_MATCHER]);
    expect(pkg.contributes.taskDefinitions.map((t: { type: string }) => t.type)).toContain('altinn-check');
  });

  it('finds every diagnostic of the recorded `check` output of examples/demo-app, and nothing else', () => {
    const out = fs.readFileSync(path.join(__dirname, 'fixtures/check-demo-app.txt'), 'utf8');
    const ps = matchProblems(out);
    expect(strip(ps)).toEqual(EXPECTED);
    expect(ps[0].message).toMatch(/^Component id 'name' is also used on page 'Page2'/);
    // The notes ("= note: …: file:line:col") and the summary line are not problems.
    expect(ps.some((p) => p.message.includes('note'))).toBe(false);
  });

  it('matches information and hint lines and wide gutters', () => {
    const out = [
      'information[AL0701]: An informative message: with a colon',
      '    --> App/ui/form/layouts/Side ø.json:1234:5',
      '     |',
      'hint[AL0101]: a hint',
      ' --> App/config/texts/resource.nb.json:1:1',
    ].join('\n');
    expect(strip(matchProblems(out))).toEqual([
      { severity: 'information', code: 'AL0701', file: 'App/ui/form/layouts/Side ø.json', line: 1234, column: 5 },
      { severity: 'hint', code: 'AL0101', file: 'App/config/texts/resource.nb.json', line: 1, column: 1 },
    ]);
    // VS Code's matcher knows error/warning/info: "information" and "hint" fall back to the default.
    expect(PROBLEM_MATCHER.severity).toBe('info');
  });

  const bin = [process.env.CARGO_TARGET_DIR, path.join(repo, 'target')]
    .filter(Boolean)
    .map((d) => path.join(d as string, 'debug', 'altinn-ls'))
    .find((f) => fs.existsSync(f));
  it.skipIf(!bin)('matches what the built altinn-ls prints now (NO_COLOR, as the task runs it)', () => {
    const r = spawnSync(bin as string, checkArgs({}), { cwd: demo, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
    expect(strip(matchProblems(r.stdout))).toEqual(EXPECTED);
  });

  it('runs `check .` by default, or the given paths', () => {
    expect(checkArgs({})).toEqual(['check', '.']);
    expect(checkArgs({ paths: ['App', '', 3] })).toEqual(['check', 'App']);
  });
});
