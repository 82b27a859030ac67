// Remembers which unless-stopped programs an operator stopped, so Docker's
// promise ("not restarted, even after the daemon restarts") survives a
// restart of tsvisor. Persistence is best effort: a read-only or full disk
// must never take PID 1 down, so every failure is logged and swallowed.

import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** The slice of a pino logger the store needs. */
export interface HeldStoreLogger {
  warn(fields: object, msg: string): void;
  error(fields: object, msg: string): void;
}

/** Load/save of the held set; neither ever rejects. */
export interface HeldStore {
  load(): Promise<Set<string>>;
  save(held: ReadonlySet<string>): Promise<void>;
}

const FILE_NAME = 'held.json';

/** A store keeping `held.json` in stateDir. */
export function createHeldStore(stateDir: string, log: HeldStoreLogger): HeldStore {
  const file = join(stateDir, FILE_NAME);
  // Saves are chained: two overlapping saves (stop a, stop b in quick
  // succession) could otherwise rename out of order and leave the older set.
  let queue: Promise<void> = Promise.resolve();
  let sequence = 0;

  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          log.warn({ err: error, file }, 'cannot read held programs; treating none as held');
        }
        return new Set();
      }
      const held = parse(text);
      if (held === undefined) log.warn({ file }, 'held programs file is corrupt; treating none as held');
      return held ?? new Set();
    },
    save(held) {
      const content = `${JSON.stringify({ version: 1, held: [...held].sort() })}\n`;
      const temp = `${file}.${process.pid}.${++sequence}.tmp`;
      queue = queue.then(() => writeAtomically(file, temp, content, stateDir, log));
      return queue;
    },
  };
}

async function writeAtomically(
  file: string,
  temp: string,
  content: string,
  dir: string,
  log: HeldStoreLogger,
): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o755 });
    const handle = await open(temp, 'w', 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      // fsync before rename: otherwise a power loss can leave the new name
      // pointing at an empty file (ext4 delayed allocation).
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    await syncDirectory(dir);
  } catch (error) {
    log.error({ err: error, file }, 'cannot save held programs; an operator stop may not survive a restart');
    await unlink(temp).catch(() => undefined);
  }
}

// Makes the rename itself durable. Some filesystems refuse fsync on a
// directory (EINVAL); the data is already safe then, so that is not an error.
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (handle === undefined) return;
  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}

function parse(text: string): Set<string> | undefined {
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data !== 'object' || data === null) return undefined;
    const held = (data as { held?: unknown }).held;
    if (!Array.isArray(held) || !held.every((name) => typeof name === 'string')) return undefined;
    return new Set(held);
  } catch {
    return undefined;
  }
}
