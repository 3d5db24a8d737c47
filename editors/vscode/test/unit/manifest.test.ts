// package.json agrees with the code and with ARCHITECTURE.md's pinned names.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HANDLERS, ID } from '../../src/commands';
import { documentSelector } from '../../src/selector';
import { VIEW_COMMANDS } from '../../src/outline';
import { isAltinnSchemaLoadProblem } from '../../src/schemaIds';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));

describe('package.json', () => {
  it('has the pinned extension id', () => {
    expect(`${pkg.publisher}.${pkg.name}`).toBe('altinn-studio.altinn-studio-tools');
    expect(pkg.main).toBe('./dist/extension.js');
  });

  it('activates on Altinn apps, with and without the App folder', () => {
    expect(pkg.activationEvents).toEqual(
      expect.arrayContaining(['workspaceContains:**/App/config/applicationmetadata.json', 'workspaceContains:**/config/applicationmetadata.json']),
    );
  });

  // Issue 15 (low): with `machine-overridable` a repository's .vscode/settings.json could point
  // the extension at an executable of its own; `machine` keeps the setting in user settings.
  it('altinnStudio.server.path cannot be set by a workspace', () => {
    expect(pkg.contributes.configuration.properties['altinnStudio.server.path'].scope).toBe('machine');
  });

  it('contributes exactly the commands that have handlers', () => {
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    expect(contributed).toEqual([...Object.keys(HANDLERS), ...VIEW_COMMANDS].sort());
    for (const c of pkg.contributes.commands) expect(c.category).toBe('Altinn Studio');
  });

  it('hides the status bar helper from the palette; menus reference known commands', () => {
    const known = new Set<string>([...Object.values(ID), ...VIEW_COMMANDS]);
    for (const [, entries] of Object.entries(pkg.contributes.menus as Record<string, { command: string }[]>)) {
      for (const e of entries) expect(known.has(e.command)).toBe(true);
    }
    expect(pkg.contributes.menus.commandPalette).toContainEqual({ command: ID.showActions, when: 'false' });
  });

  // Issue 17: the Altinn Apps view renames (through the server), opens and reveals.
  it('offers Rename… (F2) on pages, components and layout sets of the Altinn Apps view, Open on files', () => {
    const items = pkg.contributes.menus['view/item/context'] as { command: string; when: string; group: string }[];
    const rename = items.filter((i) => i.command === 'altinnStudio.apps.rename');
    expect(rename.map((i) => i.group).sort()).toEqual(['7_modification@1', 'inline']);
    const renamable = (ctx: string) => new RegExp(rename[0].when.match(/viewItem =~ \/(.*)\//)![1]).test(ctx);
    expect(renamable('altinn.page altinn.renamable')).toBe(true);
    expect(renamable('altinn.settings')).toBe(false);
    const open = items.find((i) => i.command === 'altinnStudio.apps.open')!;
    const opens = (ctx: string) => new RegExp(open.when.match(/viewItem =~ \/(.*)\//)![1]).test(ctx);
    expect(['altinn.page altinn.renamable', 'altinn.component altinn.renamable', 'altinn.text', 'altinn.model'].every(opens)).toBe(true);
    expect(['altinn.texts', 'altinn.models', 'altinn.layoutSet altinn.renamable', 'altinn.app'].some(opens)).toBe(false);
    expect(pkg.contributes.keybindings).toContainEqual({ command: 'altinnStudio.apps.rename', key: 'f2', when: 'focusedView == altinnStudio.apps' });
    expect(pkg.contributes.menus['view/title'].map((i: { command: string }) => i.command)).toContain('altinnStudio.revealInApps');
  });

  it('has a setting with a description for every server and client setting', () => {
    const props = pkg.contributes.configuration.properties;
    for (const k of ['debounceMs', 'requiredLanguages', 'severity', 'ignore', 'server.path', 'trace.server']) {
      const p = props[`altinnStudio.${k}`];
      expect(p, k).toBeDefined();
      expect(p.markdownDescription || p.description, k).toBeTruthy();
    }
    expect(props['altinnStudio.trace.server'].enum).toEqual(['off', 'messages', 'verbose']);
  });

  // Issue 17: no default for any JSON setting (it would apply to every workspace of the user; VS Code's
  // JSON support ignores extension defaults of json.schemas anyway).
  it('changes no VS Code JSON setting; ships its own describe-only schemas for Altinn files instead', () => {
    expect(pkg.contributes.configurationDefaults).toBeUndefined();
    expect(isAltinnSchemaLoadProblem("Unable to load schema from 'https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layout.schema.v1.json': getaddrinfo ENOTFOUND altinncdn.no.")).toBe(true);
    expect(isAltinnSchemaLoadProblem("Unable to load schema from 'https://json.schemastore.org/package.json'")).toBe(false);
    const jv = pkg.contributes.jsonValidation as { fileMatch: string[]; url: string }[];
    for (const j of jv) {
      expect(j.url.startsWith('./schemas/'), j.url).toBe(true);
      expect(fs.existsSync(path.join(__dirname, '../..', j.url)), j.url).toBe(true);
    }
    const all = jv.flatMap((j) => j.fileMatch);
    for (const p of ['**/ui/*/layouts/*.json', '**/ui/layout-sets.json', '**/config/applicationmetadata.json', '**/config/texts/resource.*.json', '**/ui/*/Settings.json']) {
      expect(all).toContain(p);
    }
    const ignore = fs.readFileSync(path.join(__dirname, '../../.vscodeignore'), 'utf8');
    expect(ignore).toContain('!schemas/*.json');
  });

  it('the shipped schemas are current (scripts/gen-schemas.mjs) and never validate: no type, enum or required', () => {
    const r = spawnSync(process.execPath, [path.join(__dirname, '../../scripts/gen-schemas.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const dir = path.join(__dirname, '../../schemas');
    for (const f of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      // Keywords that validate, in a schema position (a key directly inside `properties` is a property name).
      const s = JSON.parse(text);
      const walk = (v: unknown, inIf: boolean, names = false): void => {
        if (!v || typeof v !== 'object') return;
        for (const [k, x] of Object.entries(v)) {
          if (!names && !Array.isArray(v)) {
            expect(['type', 'enum', 'additionalProperties', 'minItems', 'pattern', 'const'].includes(k) && !inIf, `${f}: ${k}`).toBe(false);
            // `required` only inside `if` (selects a component type's properties; an `if` reports nothing).
            if (k === 'required') expect(inIf, f).toBe(true);
          }
          walk(x, inIf || k === 'if', !names && k === 'properties');
        }
      };
      walk(s, false);
    }
    const layout = JSON.parse(fs.readFileSync(path.join(dir, 'layout.schema.json'), 'utf8'));
    const types = layout.definitions.component.properties.type.defaultSnippets.map((d: { body: string }) => d.body);
    expect(types).toEqual(expect.arrayContaining(['Input', 'Group', 'RepeatingGroup', 'Summary2', 'Likert']));
  });

  it('has the studioUrl setting with the environments, a task type, the apps view and a walkthrough', () => {
    const s = pkg.contributes.configuration.properties['altinnStudio.studioUrl'];
    expect(s.examples).toEqual(['prod', 'dev', 'staging', 'local']);
    expect(new RegExp(s.pattern).test('https://studio.example.org')).toBe(true);
    expect(new RegExp(s.pattern).test('dev')).toBe(true);
    expect(new RegExp(s.pattern).test('nonsense')).toBe(false);
    expect(pkg.contributes.views.explorer.map((v: { id: string }) => v.id)).toEqual(['altinnStudio.apps']);
    const steps = pkg.contributes.walkthroughs[0].steps as { id: string; media: { markdown: string } }[];
    expect(steps.map((x) => x.id)).toEqual(['signIn', 'clone', 'check', 'run']);
    for (const st of steps) expect(fs.existsSync(path.join(__dirname, '../..', st.media.markdown)), st.media.markdown).toBe(true);
    const ignore = fs.readFileSync(path.join(__dirname, '../../.vscodeignore'), 'utf8');
    expect(ignore).toContain('!media/walkthrough/**');
  });

  it('bundles: vscode-languageclient and jsonc-parser are the only runtime dependencies and vsce skips node_modules', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['jsonc-parser', 'vscode-languageclient']);
    expect(pkg.scripts.package).toContain('package.sh');
    const ignore = fs.readFileSync(path.join(__dirname, '../../.vscodeignore'), 'utf8');
    expect(ignore).toContain('!dist/extension.js');
    expect(ignore).toContain('!server/**');
  });
});

describe('document selector', () => {
  it('covers layouts, settings, texts, models (and their C# classes), options, BPMN in any language, policy XML and RuleHandler.js', () => {
    const sel = documentSelector();
    const patterns = sel.map((f) => `${f.language ?? '*'}:${f.pattern}`);
    expect(patterns).toContain('json:**/{App,ui,config,models,options}/**/*.json');
    expect(patterns).toContain('jsonc:**/{App,ui,config,models,options}/**/*.json');
    expect(patterns).toContain('*:**/*.bpmn');
    expect(patterns).toContain('*:**/{App,ui,config,models,options}/**/*.xml');
    expect(patterns).toContain('*:**/RuleHandler.js');
    expect(patterns).toContain('*:**/models/*.cs');
    for (const f of sel) expect(f.scheme).toBe('file');
  });

  it('matches the files of a real app layout (glob semantics of VS Code: ** spans folders)', () => {
    // Translate the pattern the way VS Code's glob does for these simple cases.
    const toRe = (g: string) =>
      new RegExp(
        '^' +
          g
            .replace(/[.+^$()|[\]\\]/g, '\\$&')
            .replace(/\{([^}]*)\}/g, (_m, a: string) => `(${a.split(',').join('|')})`)
            .replace(/\*\*\//g, '\u0000')
            .replace(/\*/g, '[^/]*')
            .replace(/\u0000/g, '(.*/)?') +
          '$',
      );
    const json = toRe(documentSelector()[0].pattern);
    for (const f of [
      '/w/app/App/ui/form/layouts/Page1.json',
      '/w/app/App/config/texts/resource.nb.json',
      '/w/app/App/models/model.schema.json',
      '/w/app/App/options/countries.json',
      '/w/ui/layout-sets.json',
    ]) {
      expect(json.test(f), f).toBe(true);
    }
    expect(json.test('/w/app/package.json')).toBe(false);
    expect(toRe(documentSelector()[4].pattern).test('/w/App/ui/form/RuleHandler.js')).toBe(true);
  });
});
