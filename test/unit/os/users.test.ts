import { describe, expect, it } from 'vitest';
import { resolveUser } from '../../../src/os/users.js';

const files = {
  passwd: [
    'root:x:0:0:root:/root:/bin/bash',
    '# comment',
    'app:x:1000:1000::/home/app:/bin/sh',
    'bare:x:1001:1001:::/bin/sh',
  ].join('\n'),
  group: [
    'root:x:0:',
    'app:x:1000:',
    'audio:x:29:app,other',
    'video:x:44:other',
    'staff:x:50:app',
    'self:x:1000:app',
  ].join('\n'),
};

describe('resolveUser', () => {
  it('resolves a name with its primary and supplementary groups', () => {
    expect(resolveUser({ user: 'app', group: undefined }, files)).toEqual({
      uid: 1000,
      gid: 1000,
      groups: [29, 50],
      name: 'app',
      home: '/home/app',
    });
  });

  it('resolves a numeric uid through passwd', () => {
    expect(resolveUser({ user: 1000, group: undefined }, files)).toMatchObject({ name: 'app', gid: 1000 });
    expect(resolveUser({ user: '0', group: undefined }, files)).toMatchObject({ name: 'root', home: '/root' });
  });

  it('runs an unknown numeric uid with gid 0 and HOME=/', () => {
    expect(resolveUser({ user: 4242, group: undefined }, files)).toEqual({
      uid: 4242,
      gid: 0,
      groups: [],
      name: '4242',
      home: '/',
    });
  });

  it('an explicit group replaces primary and supplementary groups', () => {
    expect(resolveUser({ user: 'app', group: 'video' }, files)).toMatchObject({ gid: 44, groups: [] });
    expect(resolveUser({ user: 'app', group: 7 }, files)).toMatchObject({ gid: 7, groups: [] });
  });

  it('names unknown users and groups', () => {
    expect(resolveUser({ user: 'ghost', group: undefined }, files)).toEqual({ error: 'unknown user "ghost"' });
    expect(resolveUser({ user: 'app', group: 'ghosts' }, files)).toEqual({ error: 'unknown group "ghosts"' });
  });

  it('falls back to / for an empty home', () => {
    expect(resolveUser({ user: 'bare', group: undefined }, files)).toMatchObject({ home: '/' });
  });
});
