// Prepares the Docker e2e suite once for all test files:
//   1. installs docker.io + debootstrap from Debian when missing;
//   2. starts a private dockerd (own data-root/exec-root/socket, no iptables,
//      no bridge) under a short temp dir;
//   3. imports a registry-free base image (debootstrap + this machine's node,
//      cached as a tarball between runs, see base-image.ts);
//   4. builds docker/Dockerfile on it (`--network host`: npm ci needs the
//      registry and there is no bridge), then the legacy-app and drop-in
//      example images on top.
// Teardown removes containers and images, stops dockerd by pid and deletes
// the temp dir. Storage driver: overlay2 when the kernel allows it (a
// container start costs ~1 s instead of ~10-20 s with vfs), else vfs;
// TSVISOR_E2E_STORAGE_DRIVER forces one.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import type { TestProject } from 'vitest/node';
import { ensureAptPackages } from './apt-packages.js';
import { ensureBaseImage } from './base-image.js';
import type { E2eContext } from './context.js';
import { type Engine, EngineUnavailableError, startEngine } from './engine.js';
import { timed } from './phase-timer.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

function skipped(reason: string): E2eContext {
  console.log(`[e2e] SKIPPING the Docker e2e suite: ${reason}`);
  return { skip: reason, dockerHost: '', repoRoot, images: { base: '', tsvisor: '', legacy: '', dropIn: '' } };
}

async function startAnyEngine(dir: string): Promise<Engine> {
  const forced = process.env.TSVISOR_E2E_STORAGE_DRIVER;
  const drivers = forced ? [forced] : ['overlay2', 'vfs'];
  const failures: string[] = [];
  for (const driver of drivers) {
    try {
      const engine = await startEngine(join(dir, driver), driver);
      console.log(`[e2e] dockerd pid ${engine.pid}, storage driver ${driver}, host ${engine.cli.host}`);
      return engine;
    } catch (error) {
      if (!(error instanceof EngineUnavailableError)) throw error;
      failures.push(`${driver}: ${error.message}`);
    }
  }
  throw new EngineUnavailableError(failures.join('\n'));
}

/** Unmounts anything the engine left mounted under `dir` (deepest first), so rm -rf cannot cross into a mount. */
async function unmountUnder(dir: string): Promise<void> {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m === dir || m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) await execa('umount', ['-l', m], { reject: false });
}

/** vitest global setup: provides the E2eContext and returns the teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const suiteStart = performance.now();
  try {
    await timed('install docker.io + debootstrap (if missing)', () => ensureAptPackages(['docker.io', 'debootstrap']));
  } catch (error) {
    project.provide('tsvisorDockerE2e', skipped(`cannot install docker.io/debootstrap: ${String(error)}`));
    return async () => {};
  }

  const dir = mkdtempSync('/tmp/tsv-e2e-');
  let engine: Engine;
  try {
    engine = await timed('start dockerd', () => startAnyEngine(dir));
  } catch (error) {
    await unmountUnder(dir);
    rmSync(dir, { recursive: true, force: true });
    if (!(error instanceof EngineUnavailableError)) throw error;
    project.provide('tsvisorDockerE2e', skipped(`the Docker engine cannot start here:\n${error.message}`));
    return async () => {};
  }

  // If vitest dies without running teardown, do not leave a dockerd behind.
  const killOnExit = () => {
    try {
      process.kill(-engine.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);

  const teardown = async () => {
    await timed('teardown (containers, images, dockerd, temp dir)', async () => {
      const ids = (await engine.cli.run(['ps', '-aq'])).stdout.split('\n').filter(Boolean);
      if (ids.length > 0) await engine.cli.run(['rm', '-f', '-v', ...ids]);
      const images = (await engine.cli.run(['images', '-q'])).stdout.split('\n').filter(Boolean);
      if (images.length > 0) await engine.cli.run(['rmi', '-f', ...new Set(images)]);
      await engine.stop();
      process.off('exit', killOnExit);
      await unmountUnder(dir);
      rmSync(dir, { recursive: true, force: true });
    });
    console.log(`[e2e] whole suite incl. setup: ${((performance.now() - suiteStart) / 1000).toFixed(1)}s`);
  };

  try {
    const cli = engine.cli;
    const tag = `${process.pid}`;
    const base = await ensureBaseImage(cli, repoRoot, dir);
    const tsvisor = `tsvisor-e2e:${tag}`;
    await timed('docker build docker/Dockerfile (npm ci + build)', () =>
      cli.ok(
        [
          'build',
          '--network',
          'host',
          '-f',
          'docker/Dockerfile',
          '--build-arg',
          `BASE_IMAGE=${base}`,
          '-t',
          tsvisor,
          '.',
        ],
        { cwd: repoRoot },
      ),
    );
    // The example images must build offline from the tsvisor image.
    const example = async (dirName: string, image: string) =>
      timed(`docker build examples/${dirName}`, () =>
        cli.ok(['build', '--network', 'none', '--build-arg', `TSVISOR_IMAGE=${tsvisor}`, '-t', image, '.'], {
          cwd: join(repoRoot, 'examples', dirName),
        }),
      );
    const legacy = `tsvisor-e2e-legacy:${tag}`;
    const dropIn = `tsvisor-e2e-drop-in:${tag}`;
    await example('legacy-app', legacy);
    await example('drop-in', dropIn);
    project.provide('tsvisorDockerE2e', {
      skip: null,
      dockerHost: cli.host,
      repoRoot,
      images: { base, tsvisor, legacy, dropIn },
    });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
