// Bundles a TypeScript fixture entry (which may import src/) into one .mjs
// under .tmp/, next to node_modules so koffi resolves, the way
// scripts/build.mjs bundles the CLI. Integration tests run the result as a
// real program, e.g. as PID 1.

import { mkdirSync, renameSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = new Map<string, Promise<string>>();

/** Absolute path of the bundle of test/fixtures/<entry>; built once per test process. */
export function buildFixture(entry: string): Promise<string> {
  let out = built.get(entry);
  if (!out) {
    out = bundle(entry);
    built.set(entry, out);
  }
  return out;
}

async function bundle(entry: string): Promise<string> {
  const dir = `${root}.tmp/fixtures`;
  mkdirSync(dir, { recursive: true });
  const target = `${dir}/${basename(entry).replace(/\.ts$/, '')}.mjs`;
  // Test files build concurrently in separate workers: write aside, then rename atomically.
  const scratch = `${target}.${process.pid}.tmp`;
  await build({
    entryPoints: [`${root}test/fixtures/${entry}`],
    outfile: scratch,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['koffi'],
    banner: {
      js: "import { createRequire as __fixtureCreateRequire } from 'node:module'; const require = __fixtureCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  renameSync(scratch, target);
  return target;
}
