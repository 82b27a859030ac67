// Bundles the CLI into one ESM file: PID 1 start-up time is dominated by
// module resolution, and one file loads in a fraction of the time of ~200.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/tsvisor.mjs',
  bundle: true,
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
