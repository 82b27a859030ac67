// The base image every e2e image builds FROM, made without any container
// registry (this machine reaches only Debian and npm). Building the rootfs
// takes minutes, so the tarball is cached on disk keyed by a hash of
// everything that goes into it; a second run only re-imports it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { DockerCli } from './docker-cli.js';
import { timed } from './phase-timer.js';

/** Debian packages the legacy-app example runs, plus procps so tests can look at the process table. */
export const BASE_PACKAGES = ['redis-server', 'redis-tools', 'nginx-light', 'procps'] as const;

const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** Where base tarballs are kept between runs. */
export const cacheDir = process.env.TSVISOR_E2E_CACHE ?? '/var/cache/tsvisor-e2e';

async function inputsHash(script: string): Promise<string> {
  const node = await execa('node', ['--version']);
  const npm = await execa('npm', ['--version']);
  const h = createHash('sha256');
  h.update(readFileSync(script));
  h.update(BASE_PACKAGES.join(' '));
  h.update(`node ${node.stdout} npm ${npm.stdout}`);
  if (existsSync(CA_BUNDLE)) h.update(readFileSync(CA_BUNDLE));
  return h.digest('hex').slice(0, 12);
}

/** Builds (or reuses) the cached rootfs tarball and imports it; returns the image reference. */
export async function ensureBaseImage(cli: DockerCli, repoRoot: string, workDir: string): Promise<string> {
  const script = join(repoRoot, 'scripts', 'e2e-base-rootfs.sh');
  const hash = await inputsHash(script);
  const tarball = join(cacheDir, `base-${hash}.tar`);
  mkdirSync(cacheDir, { recursive: true });
  if (existsSync(tarball)) {
    console.log(`[e2e] base rootfs cache hit: ${tarball}`);
  } else {
    // Stale tarballs are ~400 MB each; keep only the current one.
    for (const f of readdirSync(cacheDir)) {
      if (/^base-[0-9a-f]+\.tar$/.test(f)) rmSync(join(cacheDir, f), { force: true });
    }
    await timed('debootstrap + chroot apt + node (base rootfs)', () =>
      execa(script, [workDir, tarball, ...BASE_PACKAGES], { stdio: ['ignore', 'inherit', 'pipe'] }),
    );
  }
  const ref = `tsvisor-e2e-base:${hash}`;
  await timed('docker import base', () =>
    cli.ok([
      'import',
      '--change',
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      '--change',
      'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/tsvisor-e2e-host-ca.crt',
      '--change',
      'CMD ["bash"]',
      tarball,
      ref,
    ]),
  );
  return ref;
}
