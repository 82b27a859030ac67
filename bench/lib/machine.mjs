// What the figures were measured on: they mean little without the core count, kernel, load and versions.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';

// nproc, kernel, node, CPU model, load, memory and each peer's version string.
export function describeMachine(tsvisorEntry) {
  return {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    kernel: release(),
    node: process.version,
    memGb: Math.round(totalmem() / 2 ** 30),
    loadavgAtStart: loadavg().map((x) => Number(x.toFixed(2))),
    versions: {
      tsvisor: tsvisorEntry === undefined ? 'missing' : version([process.execPath, tsvisorEntry, '--version']),
      tini: version(['/usr/bin/tini', '--version']),
      'dumb-init': version(['/usr/bin/dumb-init', '--version']),
      supervisord: version(['/usr/bin/supervisord', '--version']),
      perl: version(['perl', '-e', 'print $^V']),
    },
  };
}

function version([cmd, ...args]) {
  try {
    // dumb-init prints its version on stderr, so both streams are read.
    const out = spawnSync(cmd, args, { encoding: 'utf8', timeout: 5000 });
    if (out.error !== undefined) return 'missing';
    return `${out.stdout}${out.stderr}`.trim().split('\n')[0] ?? '';
  } catch {
    return 'missing';
  }
}
