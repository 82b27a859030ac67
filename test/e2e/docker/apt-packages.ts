// Installs the host tools the suite needs (docker.io, debootstrap) from Debian
// when they are missing. Other engineers may run apt at the same moment, so
// apt waits for the dpkg lock instead of failing on it.
import { execa } from 'execa';

async function isInstalled(pkg: string): Promise<boolean> {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not JS.
  const r = await execa('dpkg-query', ['-W', '-f=${Status}', pkg], { reject: false });
  return r.exitCode === 0 && r.stdout.includes('install ok installed');
}

/** Makes sure every Debian package in `pkgs` is installed; returns the ones it had to install. */
export async function ensureAptPackages(pkgs: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const pkg of pkgs) {
    if (!(await isInstalled(pkg))) missing.push(pkg);
  }
  if (missing.length === 0) return missing;
  const lockWait = ['-o', 'DPkg::Lock::Timeout=600'];
  await execa('apt-get', [...lockWait, 'update', '-qq']);
  await execa('apt-get', [...lockWait, 'install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env: { DEBIAN_FRONTEND: 'noninteractive' },
  });
  return missing;
}
