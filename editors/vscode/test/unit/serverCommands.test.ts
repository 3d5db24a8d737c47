import { describe, expect, it } from 'vitest';
import { isCommandAction, keepLens, lensCommand } from '../../src/serverCommands';

const convert = {
  uri: (v: string) => ({ uri: v }),
  position: (v: unknown) => ({ pos: v }),
  location: (v: unknown) => ({ loc: v }),
};

describe('server lens commands in VS Code', () => {
  it('converts showReferences arguments to editor objects', () => {
    const loc = { uri: 'file:///a/Page2.json', range: { start: { line: 8, character: 66 }, end: { line: 8, character: 70 } } };
    const cmd = {
      title: '1 reference',
      command: 'editor.action.showReferences',
      arguments: ['file:///a/Page1.json', { line: 4, character: 15 }, [loc]],
    };
    expect(lensCommand(cmd, convert, 'altinnStudio.runApp')).toEqual({
      title: '1 reference',
      command: 'editor.action.showReferences',
      arguments: [{ uri: 'file:///a/Page1.json' }, { pos: { line: 4, character: 15 } }, [{ loc }]],
    });
  });

  it('runs the app through the extension', () => {
    const cmd = { title: '▶ Run app', command: 'altinn.run.start', arguments: [{ path: '/a' }] };
    expect(lensCommand(cmd, convert, 'altinnStudio.runApp')).toEqual({
      title: '▶ Run app',
      command: 'altinnStudio.runApp',
      arguments: [],
    });
  });

  it('leaves other commands alone and knows the command actions', () => {
    const cmd = { title: 'x', command: 'altinn.check' };
    expect(lensCommand(cmd, convert, 'r')).toBe(cmd);
    expect(isCommandAction('source.altinn')).toBe(true);
    expect(isCommandAction('quickfix')).toBe(false);
    expect(isCommandAction(undefined)).toBe(false);
  });
});

describe("the server's Run app lens", () => {
  it('is left out on applicationmetadata.json (the extension has its own there) and kept elsewhere', () => {
    expect(keepLens('altinn.run.start', '/w/App/config/applicationmetadata.json')).toBe(false);
    expect(keepLens('altinn.run.start', 'C:\\w\\App\\config\\applicationmetadata.json')).toBe(false);
    expect(keepLens('altinn.run.start', '/w/App/config/process/process.bpmn')).toBe(true);
    expect(keepLens('editor.action.showReferences', '/w/App/config/applicationmetadata.json')).toBe(true);
    expect(keepLens(undefined, '/w/App/ui/form/layouts/Page1.json')).toBe(true);
  });
});
