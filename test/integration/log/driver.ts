// Bundles the hub driver once per test file and runs it as a real node process.
import { type ChildProcess, type ChildProcessByStdio, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { build } from 'esbuild';

export const fixtures = path.resolve(import.meta.dirname, '../../fixtures/output');

export interface DriverStats {
  maxRss: number;
  reports: string[];
  done: boolean;
}

/** A temp dir with the bundled driver; remove() deletes it. */
export async function bundleDriver(): Promise<{ dir: string; script: string; remove: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsvisor-log-it-'));
  const script = path.join(dir, 'hub-driver.mjs');
  await build({
    entryPoints: [path.join(fixtures, 'hub-driver.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: script,
    logLevel: 'warning',
  });
  return { dir, script, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Starts the driver with stdout/stderr piped to the test. */
export function startDriver(
  script: string,
  spec: { programs: { name: string; argv: string[] }[]; mode: 'prefix' | 'json'; statsFile: string },
): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, [script, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] });
}

export function readStats(file: string): DriverStats | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as DriverStats;
  } catch {
    return undefined;
  }
}

/** Resolves with the exit code; kills the process group member if it outlives the timeout. */
export function exitOf(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`driver did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** The exact line the flood fixture writes for sequence number i. */
export function floodLine(i: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `${i} ${alphabet.repeat(1 + (i % 4)).slice(0, 40 + (i % 97))}`;
}
