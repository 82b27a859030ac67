import { describe, expect, it } from 'vitest';
import { splitCommand } from '../../../src/config/split-command.js';

describe('splitCommand', () => {
  it.each([
    ['nginx', ['nginx']],
    ['  nginx   -g  x ', ['nginx', '-g', 'x']],
    ['a\tb\nc', ['a', 'b', 'c']],
    [`nginx -g "daemon off;"`, ['nginx', '-g', 'daemon off;']],
    [`echo 'it''s'`, ['echo', 'its']],
    [`echo 'a "b" \\c'`, ['echo', 'a "b" \\c']],
    [`echo "a \\"b\\" \\\\ \\$x \\n"`, ['echo', 'a "b" \\ $x \\n']],
    [`echo a\\ b`, ['echo', 'a b']],
    [`echo \\'x`, ['echo', "'x"]],
    [`echo '' ""`, ['echo', '', '']],
    [`echo a"b c"'d'`, ['echo', 'ab cd']],
    ['echo a \\\n b', ['echo', 'a', 'b']],
    ['echo $ 5$ a$1', ['echo', '$', '5$', 'a$1']],
    [`sh -c 'a | b'`, ['sh', '-c', 'a | b']],
    [`echo '$HOME' "\\$HOME" \\$HOME`, ['echo', '$HOME', '$HOME', '$HOME']],
    [`grep '|' "&&"`, ['grep', '|', '&&']],
    ['echo *.txt ~', ['echo', '*.txt', '~']],
  ])('%j', (input, argv) => {
    expect(splitCommand(input)).toEqual({ ok: true, argv });
  });

  it.each([
    [`echo 'abc`, 'unterminated single quote'],
    [`echo "abc`, 'unterminated double quote'],
    [`echo "a\\"`, 'unterminated double quote'],
    ['echo \\', 'lone backslash'],
    ['', 'command is empty'],
    ['   ', 'command is empty'],
    ['a | b', '`|` is shell syntax'],
    ['a && b', '`&&` is shell syntax'],
    ['a > /tmp/x', '`>` is shell syntax'],
    ['a ;', '`;` is shell syntax'],
    ['echo $HOME', '`$HOME` are not expanded'],
    ['echo $' + '{HOME}', '`$' + '{HOME}` are not expanded'],
  ])('rejects %j', (input, message) => {
    const r = splitCommand(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });

  it('tells how to ask for a shell', () => {
    const r = splitCommand('a | b');
    expect(r.ok ? '' : r.error).toContain('["sh", "-c", "a | b"]');
  });
});
