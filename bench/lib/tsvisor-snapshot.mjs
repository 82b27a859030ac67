// Other engineers rebuild dist/ while a bench runs (the build empties it first), so the bench runs a
// private copy of the bundle taken once at start. It lives under bench/results/ (gitignored) so that
// the external `koffi` import still resolves from the repository's node_modules.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sleep } from './clock.mjs';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const COPY = fileURLToPath(new URL('../results/tsvisor-dist/', import.meta.url));

// Path of the copied entry module, or undefined when dist/ has no bundle for 10 s.
export async function snapshotTsvisor() {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      if (existsSync(`${DIST}tsvisor.mjs`)) {
        rmSync(COPY, { recursive: true, force: true });
        cpSync(DIST, COPY, { recursive: true });
        // A rebuild may have emptied dist/ mid-copy; the entry must have made it.
        if (existsSync(`${COPY}tsvisor.mjs`)) return `${COPY}tsvisor.mjs`;
      }
    } catch {
      // ENOENT from a file deleted by a concurrent build; try again.
    }
    await sleep(500);
  }
  return undefined;
}
