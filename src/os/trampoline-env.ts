// The TTY trampoline is a Node process, and Node acts on NODE_* variables at
// start-up: a program's NODE_OPTIONS (--require an APM agent, --inspect on a
// port) would run inside the trampoline, before the program exists, and
// NODE_V8_COVERAGE / NODE_DEBUG would make it write files or output. So the
// spawner hands them over under another name and the trampoline puts them
// back in the environment it exec()s the program with.

const KEPT_PREFIX = 'TSVISOR_TTY_KEEP_';

/** True for names Node reads at start-up, which must not reach the trampoline itself. */
function nodeReads(name: string): boolean {
  return name.startsWith('NODE_');
}

/** The environment to start the trampoline with: env with every NODE_* name moved out of Node's sight. */
export function hideNodeEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) out[nodeReads(name) ? KEPT_PREFIX + name : name] = value;
  return out;
}

/** The program's environment as NAME=VALUE entries, in order, with hidden names restored. */
export function restoreNodeEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const original = name.startsWith(KEPT_PREFIX) ? name.slice(KEPT_PREFIX.length) : name;
    out.push(`${original}=${value}`);
  }
  return out;
}
