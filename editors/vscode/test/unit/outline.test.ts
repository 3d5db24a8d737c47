import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appFor, appsOf, folderHasApp, inside } from '../../src/apps';
import { checkNewName, Fs, Node, outline, pathTo } from '../../src/outline';
import { presetOf, studioUrlFrom, withoutClientOnly } from '../../src/studio';

const demo = path.resolve(__dirname, '../../../../examples/demo-app');
const realFs: Fs = {
  readText: (f) => (fs.existsSync(f) && fs.statSync(f).isFile() ? fs.readFileSync(f, 'utf8') : undefined),
  list: (d) => (fs.existsSync(d) ? fs.readdirSync(d) : []),
  isDir: (p) => fs.existsSync(p) && fs.statSync(p).isDirectory(),
};
/** A fake file system from a map of path → text (folders are implied). */
function fakeFs(files: Record<string, string>): Fs {
  const all = Object.keys(files);
  return {
    readText: (f) => files[f],
    list: (d) => [...new Set(all.filter((f) => f.startsWith(d + '/')).map((f) => f.slice(d.length + 1).split('/')[0]))],
    isDir: (p) => all.some((f) => f.startsWith(p + '/')),
  };
}
const show = (n: Node, depth = 0): string[] => [
  `${'  '.repeat(depth)}${n.kind} ${n.label}${n.description && n.kind !== 'app' ? ` (${n.description})` : ''}`,
  ...n.children.flatMap((c) => show(c, depth + 1)),
];

describe('the apps view outline', () => {
  it('shows the demo app: layout set → pages in order (and the one not in it), models, texts', () => {
    const o = outline({ root: demo, appDir: path.join(demo, 'App'), name: 'demo-app' }, realFs);
    expect(show(o)).toEqual([
      'app demo-app',
      '  layoutSet form (model model · Task_1, Task_2)',
      '    page Page1',
      '      component name (Input)',
      '      component address (Input)',
      '      component age (Input)',
      '      component nav1 (NavigationButtons)',
      '    page Page2',
      '      component summary-group (Group)',
      '      component name-summary (Summary)',
      '      component name (Paragraph)',
      '      component nav2 (NavigationButtons)',
      '    page Page3 (not in the page order)',
      '      component extra (Paragraph)',
      '    settings Settings.json',
      '  models Data models',
      '    model model',
      '  texts Texts',
      '    text en (resource.en.json)',
      '    text nb (resource.nb.json)',
    ]);
    const page2 = path.join(demo, 'App/ui/form/layouts/Page2.json');
    expect(pathTo(o, page2)?.map((n) => n.label)).toEqual(['demo-app', 'form', 'Page2']);
    expect(pathTo(o, path.join(demo, 'App/models/model.schema.json'))?.map((n) => n.label)).toEqual(['demo-app', 'Data models', 'model']);
  });

  // Rename from the view asks the server at the place where the name is written, as F2 there would.
  it('knows where each renamable name is written (page order, layout set id, component id)', () => {
    const o = outline({ root: demo, appDir: path.join(demo, 'App'), name: 'demo-app' }, realFs);
    const at = (n: Node) => {
      expect(n.rename, n.label).toBeDefined();
      const text = fs.readFileSync(n.rename!.file, 'utf8');
      return `${path.relative(demo, n.rename!.file)}: ${text.slice(n.rename!.offset, n.rename!.offset + n.label.length + 2)}`;
    };
    const form = o.children[0];
    const [page1, page2, page3] = form.children;
    expect(at(form)).toBe('App/ui/layout-sets.json: "form"');
    expect(at(page2)).toBe('App/ui/form/Settings.json: "Page2"');
    expect(at(page1.children[1])).toBe('App/ui/form/layouts/Page1.json: "address"');
    // A click on a component selects its id; reveal follows the cursor into the component's object.
    const addr = page1.children[1];
    expect(addr.at).toBe(addr.rename!.offset);
    expect(pathTo(o, page1.file!, addr.span![0] + 5)?.map((n) => n.label)).toEqual(['demo-app', 'form', 'Page1', 'address']);
    expect(pathTo(o, page1.file!, 0)?.map((n) => n.label)).toEqual(['demo-app', 'form', 'Page1']);
    // Page3 is not in the page order: the rename has nowhere to start, and the view says so.
    expect(page3.rename).toBeUndefined();
    expect(page3.noRename).toMatch(/not in form\/Settings.json's page order/);
  });

  it('checks a new name before asking the server', () => {
    const page = { kind: 'page', label: 'Page1', children: [] } as Node;
    const comp = { kind: 'component', label: 'name', children: [] } as Node;
    expect(checkNewName(page, 'Summary')).toBeUndefined();
    expect(checkNewName(page, 'a b')).toMatch(/2 to 28/);
    expect(checkNewName(page, 'x')).toMatch(/2 to 28/);
    expect(checkNewName(comp, 'home-address')).toBeUndefined();
    expect(checkNewName(comp, 'home.address')).toMatch(/letters, digits/);
  });

  it('shows UI folders (v9, no layout-sets.json), a page in the order without a file, and legacy apps', () => {
    const f = fakeFs({
      '/r/App/ui/Task_1/Settings.json': '{"pages":{"order":["Side1","Gone"]}}',
      '/r/App/ui/Task_1/layouts/Side1.json': '{}',
      '/r/App/ui/footer.json': '{}',
      '/r/App/config/applicationmetadata.json': '{}',
    });
    expect(show(outline({ root: '/r', appDir: '/r/App', name: 'r' }, f))).toEqual([
      'app r',
      '  uiFolder Task_1',
      '    page Side1',
      '    page Gone (no layout file)',
      '    settings Settings.json',
    ]);
    // A UI folder is named after its task: the view explains instead of renaming.
    const v9 = outline({ root: '/r', appDir: '/r/App', name: 'r' }, f).children[0];
    expect(v9.rename).toBeUndefined();
    expect(v9.noRename).toMatch(/rename task 'Task_1' in the process/);
    expect(v9.children[0].rename).toEqual({ file: '/r/App/ui/Task_1/Settings.json', offset: 19 });
    const legacy = fakeFs({ '/l/App/ui/layouts/A.json': '{}', '/l/App/ui/Settings.json': '{"pages":{"order":["A"]}}' });
    expect(show(outline({ root: '/l', appDir: '/l/App', name: 'l' }, legacy))).toEqual(['app l', '  uiFolder ui (legacy)', '    page A', '    settings Settings.json']);
  });

  it('survives broken JSON', () => {
    const f = fakeFs({
      '/b/App/ui/layout-sets.json': '{"sets": [',
      '/b/App/ui/x/layouts/P.json': '{',
      '/b/App/ui/x/layouts/Q.json': '{"data": {"layout": [{"id": 3}, {"type": "Input"}, null, {"id": "ok", "type": 1}, {"id": "half", ',
    });
    expect(show(outline({ root: '/b', appDir: '/b/App', name: 'b' }, f))).toEqual([
      'app b',
      '  uiFolder x',
      '    page P',
      '    page Q',
      '      component ok',
      '      component half',
    ]);
  });
});

describe('multi-root: the app of a file', () => {
  const exists = (f: string) => ['/w/a/App/config/applicationmetadata.json', '/w/b/config/applicationmetadata.json'].includes(f);
  it('takes the apps from altinn/status, else from the workspace folders', () => {
    expect(appsOf([{ root: '/m/x', appDir: '/m/x/App' }], ['/m'], exists)).toEqual([{ root: '/m/x', appDir: '/m/x/App', name: 'x' }]);
    expect(appsOf(undefined, ['/w/a', '/w/b', '/w/c'], exists)).toEqual([
      { root: '/w/a', appDir: '/w/a/App', name: 'a' },
      { root: '/w/b', appDir: '/w/b', name: 'b' },
    ]);
  });
  it("follows the active file's app, the innermost one", () => {
    const apps = [
      { root: '/w/a', appDir: '/w/a/App', name: 'a' },
      { root: '/w/b', appDir: '/w/b/App', name: 'b' },
      { root: '/w/a/nested', appDir: '/w/a/nested/App', name: 'nested' },
    ];
    expect(appFor('/w/b/App/ui/form/layouts/P.json', apps)?.name).toBe('b');
    expect(appFor('/w/a/nested/App/x.json', apps)?.name).toBe('nested');
    expect(appFor('/w/ab/x.json', apps)).toBeUndefined();
    expect(appFor(undefined, apps)).toBeUndefined();
    expect(folderHasApp('/w', apps)).toBe(true);
    expect(folderHasApp('/other', apps)).toBe(false);
  });
  // Problems of files that are gone are dropped: a renamed or deleted file, or anything in a moved folder.
  it('knows what lies in a folder', () => {
    expect(inside('/w/App/ui/main-form/layouts/Page1.json', '/w/App/ui/main-form')).toBe(true);
    expect(inside('/w/App/ui/form/layouts/P.json', '/w/App/ui/form/layouts/P.json')).toBe(true);
    expect(inside('/w/App/ui/form2/layouts/P.json', '/w/App/ui/form')).toBe(false);
  });
});

describe('altinnStudio.studioUrl', () => {
  it('knows the environments of studioctl, and URLs of its own', () => {
    expect(studioUrlFrom('prod')).toBe('https://altinn.studio');
    expect(studioUrlFrom('dev')).toBe('https://dev.altinn.studio');
    expect(studioUrlFrom('Staging')).toBe('https://staging.altinn.studio');
    expect(studioUrlFrom('local')).toBe('http://studio.localhost:8000');
    expect(studioUrlFrom('https://studio.example.org/')).toBe('https://studio.example.org');
    expect(studioUrlFrom('')).toBe('https://altinn.studio');
    expect(studioUrlFrom('nonsense')).toBe('https://altinn.studio');
    expect(presetOf('https://dev.altinn.studio/')).toBe('dev');
  });
  it('is not sent to the server (it reports keys it does not know)', () => {
    expect(withoutClientOnly({ studioUrl: 'dev', runtime: { target: '' }, debounceMs: 5 })).toEqual({ debounceMs: 5 });
    expect(withoutClientOnly(null)).toBe(null);
  });
});
