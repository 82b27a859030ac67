// The string form of `command`, split into argv the way a POSIX shell splits
// words, but with no shell behind it: nothing is expanded. Unquoted shell
// operators and `$VAR` are rejected rather than passed through literally,
// because a program that silently receives "|" as an argument is a worse
// failure than a config error that says how to ask for a shell.

/** argv, or the reason the string cannot be split. */
export type SplitResult =
  | { readonly ok: true; readonly argv: string[] }
  | { readonly ok: false; readonly error: string };

const OPERATORS = new Set(['|', '||', '&', '&&', ';', '>', '>>', '<', '<<', '2>', '2>&1', '&>']);
const SHELL_HINT = 'use the list form to run a shell, e.g. ["sh", "-c", "a | b"]';

/** Splits `command` into argv (single quotes, double quotes with \\ escapes, backslash escapes, whitespace). */
export function splitCommand(command: string): SplitResult {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let quotedWord = false;
  let i = 0;
  const endWord = (): string | undefined => {
    if (!inWord) return undefined;
    if (!quotedWord && OPERATORS.has(word))
      return `\`${word}\` is shell syntax but no shell runs the command; ${SHELL_HINT}`;
    argv.push(word);
    word = '';
    inWord = false;
    quotedWord = false;
    return undefined;
  };
  while (i < command.length) {
    const c = command[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      const err = endWord();
      if (err !== undefined) return { ok: false, error: err };
      i++;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) return { ok: false, error: 'unterminated single quote' };
      word += command.slice(i + 1, end);
      inWord = quotedWord = true;
      i = end + 1;
    } else if (c === '"') {
      const r = readDoubleQuoted(command, i + 1);
      if (r === undefined) return { ok: false, error: 'unterminated double quote' };
      word += r.text;
      inWord = quotedWord = true;
      i = r.next;
    } else if (c === '\\') {
      const next = command[i + 1];
      if (next === undefined) return { ok: false, error: 'command ends with a lone backslash' };
      // Backslash-newline is a line continuation, as in sh.
      if (next !== '\n') {
        word += next;
        inWord = quotedWord = true;
      }
      i += 2;
    } else if (c === '$' && /[A-Za-z_{]/.test(command[i + 1] ?? '')) {
      return { ok: false, error: `variables like \`$${varName(command, i + 1)}\` are not expanded; ${SHELL_HINT}` };
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  const err = endWord();
  if (err !== undefined) return { ok: false, error: err };
  if (argv.length === 0) return { ok: false, error: 'command is empty' };
  return { ok: true, argv };
}

// Inside double quotes a backslash only escapes $ ` " \ and newline, as in sh.
function readDoubleQuoted(s: string, start: number): { text: string; next: number } | undefined {
  let text = '';
  let i = start;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '"') return { text, next: i + 1 };
    if (c === '\\' && i + 1 < s.length && '$`"\\\n'.includes(s[i + 1] as string)) {
      if (s[i + 1] !== '\n') text += s[i + 1];
      i += 2;
    } else {
      text += c;
      i++;
    }
  }
  return undefined;
}

function varName(s: string, start: number): string {
  const m = /^\{?[A-Za-z_][A-Za-z0-9_]*\}?/.exec(s.slice(start));
  return m?.[0] ?? '';
}
