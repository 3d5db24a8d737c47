import { describe, expect, it } from 'vitest';
import { designerUrl, idFromMetadata, originUrl, parseRepoUrl, studioRepo } from '../../src/designer';

const gitConfig = `[core]
	repositoryformatversion = 0
[remote "upstream"]
	url = https://other.example/repos/x/y.git
[remote "origin"]
	url = https://dev.altinn.studio/repos/ttd/my-app.git
	fetch = +refs/heads/*:refs/remotes/origin/*
[branch "main"]
	remote = origin
`;

describe('Open in Designer', () => {
  it('reads the origin remote of .git/config', () => {
    expect(originUrl(gitConfig)).toBe('https://dev.altinn.studio/repos/ttd/my-app.git');
    expect(originUrl('[remote "fork"]\n url = https://a/repos/o/r.git\n')).toBe('https://a/repos/o/r.git');
    expect(originUrl('[core]\n')).toBeUndefined();
  });

  it('parses Studio repository URLs, dropping user info, keeping a path prefix', () => {
    expect(parseRepoUrl('https://user:tok@altinn.studio/repos/ttd/app.git')).toEqual({ studioUrl: 'https://altinn.studio', org: 'ttd', app: 'app' });
    expect(parseRepoUrl('http://localhost:8080/studio/repos/org/app2')).toEqual({ studioUrl: 'http://localhost:8080/studio', org: 'org', app: 'app2' });
    expect(parseRepoUrl('git@github.com:x/y.git')).toBeUndefined();
    expect(parseRepoUrl('https://github.com/x/y.git')).toBeUndefined();
  });

  it('builds the Designer URL', () => {
    expect(designerUrl({ studioUrl: 'https://altinn.studio/', org: 'ttd', app: 'my-app' })).toBe('https://altinn.studio/editor/ttd/my-app/overview');
  });

  it('falls back to applicationmetadata.json id and the signed-in URL', () => {
    expect(idFromMetadata('{"id": "ttd/frontend-test", "org": "ttd"}')).toEqual({ org: 'ttd', app: 'frontend-test' });
    expect(idFromMetadata('{"id": "nope"}')).toBeUndefined();
    expect(idFromMetadata('not json')).toBeUndefined();
    expect(studioRepo(undefined, '{"id":"ttd/a"}', 'https://dev.altinn.studio')).toEqual({ studioUrl: 'https://dev.altinn.studio', org: 'ttd', app: 'a' });
    expect(studioRepo('[core]\n', '{"id":"ttd/a"}', undefined)).toEqual({ studioUrl: 'https://altinn.studio', org: 'ttd', app: 'a' });
    expect(studioRepo(gitConfig, '{"id":"ttd/other"}', undefined)?.app).toBe('my-app');
    expect(studioRepo(undefined, undefined, undefined)).toBeUndefined();
  });
});
