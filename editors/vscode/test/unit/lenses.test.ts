import { describe, expect, it } from 'vitest';
import { isAtOrUnder, keepCodeAction, keepLens, SHOW_REFERENCES, showReferencesArgs } from '../../src/lenses';

const conv = {
  uri: (u: string) => `Uri(${u})`,
  position: (p: { line: number; character: number }) => `Pos(${p.line}:${p.character})`,
  location: (l: { uri: string; range: { start: { line: number } } }) => `Loc(${l.uri}@${l.range.start.line})`,
};

describe("the server's code lenses in VS Code", () => {
  it('converts showReferences arguments from LSP JSON to VS Code types', () => {
    const range = { start: { line: 3, character: 1 }, end: { line: 3, character: 5 } };
    expect(
      showReferencesArgs(SHOW_REFERENCES, ['file:///a/P.json', { line: 5, character: 15 }, [{ uri: 'file:///a/Q.json', range }]], conv),
    ).toEqual(['Uri(file:///a/P.json)', 'Pos(5:15)', ['Loc(file:///a/Q.json@3)']]);
    // No references: still three arguments, an empty list.
    expect(showReferencesArgs(SHOW_REFERENCES, ['file:///a/P.json', { line: 0, character: 0 }, []], conv)).toEqual(['Uri(file:///a/P.json)', 'Pos(0:0)', []]);
  });

  it('leaves other commands and unexpected shapes alone', () => {
    const args = [{ path: '/a' }];
    expect(showReferencesArgs('altinn.run.start', args, conv)).toBe(args);
    const odd = ['file:///a', 'not a position', []];
    expect(showReferencesArgs(SHOW_REFERENCES, odd, conv)).toBe(odd);
    expect(showReferencesArgs(SHOW_REFERENCES, undefined, conv)).toBeUndefined();
  });

  it("drops the server's Run app lens (the extension has its own) and keeps the rest", () => {
    expect(keepLens('altinn.run.start')).toBe(false);
    expect(keepLens(SHOW_REFERENCES)).toBe(true);
    expect(keepLens(undefined)).toBe(true);
  });
});

describe("the server's command actions in VS Code", () => {
  it('drops source.altinn (the extension has the commands) and keeps quick fixes and other source actions', () => {
    expect(keepCodeAction('source.altinn')).toBe(false);
    expect(keepCodeAction('source.altinn.status')).toBe(false);
    expect(keepCodeAction('quickfix')).toBe(true);
    expect(keepCodeAction('source.organizeImports')).toBe(true);
    expect(keepCodeAction('source.altinnish')).toBe(true);
    expect(keepCodeAction(undefined)).toBe(true);
  });
});

describe('problems of files that are gone', () => {
  it('matches the file itself and everything in a deleted or renamed folder', () => {
    expect(isAtOrUnder('/w/App/ui/main-form/layouts/Page1.json', '/w/App/ui/main-form')).toBe(true);
    expect(isAtOrUnder('/w/App/ui/main-form/layouts/Page1.json', '/w/App/ui/main-form/')).toBe(true);
    expect(isAtOrUnder('/w/App/ui/form/layouts/Page2.json', '/w/App/ui/form/layouts/Page2.json')).toBe(true);
    expect(isAtOrUnder('/w/App/ui/form2/layouts/Page1.json', '/w/App/ui/form')).toBe(false);
    expect(isAtOrUnder('C:\\w\\ui\\x\\P.json', 'C:\\w\\ui\\x', '\\')).toBe(true);
  });
});
