// Bundles the CLI into one ESM file: PID 1 start-up time is dominated by
// module resolution, and one file loads in a fraction of the time of ~200.
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Build beside dist/ and swap it in, so a test already running the binary never sees a half-written tree.
const tmp = `dist.tmp-${process.pid}`;
const old = `dist.old-${process.pid}`;
rmSync(tmp, { recursive: true, force: true });
await build({
  // The TTY trampoline is its own entry: drop-in mode on a terminal runs it as `node dist/tty-trampoline.mjs
  // -- CMD…` (see src/os/tty-trampoline.ts), and it must load nothing but the few native calls it makes.
  entryPoints: { tsvisor: 'src/cli.ts', 'tty-trampoline': 'src/os/tty-trampoline.ts' },
  outdir: tmp,
  outExtension: { '.js': '.mjs' },
  // Each command's dynamic import becomes its own chunk: `tsvisor ctl` and `--version` do not parse
  // the supervisor, and drop-in mode does not parse zod or the YAML parser.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  minify: true,
  keepNames: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  // koffi loads a prebuilt .node binary relative to its own package.
  external: ['koffi'],
  // CommonJS dependencies (pino, yaml) call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __tsvisorCreateRequire } from 'node:module'; const require = __tsvisorCreateRequire(import.meta.url);",
  },
  define: { TSVISOR_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
});
if (existsSync('dist')) renameSync('dist', old);
renameSync(tmp, 'dist');
rmSync(old, { recursive: true, force: true });
