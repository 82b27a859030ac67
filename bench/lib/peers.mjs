// The inits under test and how each is told to run a list of programs as PID 1. A program here is
// { name, argv, restart: 'no'|'always', stopGraceMs, output: 'discard'|'raw'|'prefix'|'json'|'stdout' }.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeSupervisordConfig } from './supervisord-config.mjs';
import { writeTsvisorConfig } from './tsvisor-config.mjs';

// What `node ENTRY` runs for tsvisor: bin/tsvisor until run.mjs points it at a snapshot of dist/.
let tsvisorEntry = fileURLToPath(new URL('../../bin/tsvisor', import.meta.url));

// Runs tsvisor from entry (the bundle snapshot) for the rest of this process.
export function useTsvisorEntry(entry) {
  tsvisorEntry = entry;
}

// The apt line printed when a peer is missing; the harness never installs anything itself.
export const INSTALL_HINT = 'apt-get update && apt-get install -y tini dumb-init supervisor';

// Peers in table order; `multi` says whether it can supervise more than one program.
export const PEERS = [
  {
    id: 'tsvisor',
    label: 'tsvisor -c',
    multi: true,
    isTsvisor: true,
    command: (programs, ctx) => [process.execPath, tsvisorEntry, '-c', writeTsvisorConfig(programs, ctx)],
  },
  {
    id: 'tsvisor-dropin',
    label: 'tsvisor --',
    multi: false,
    isTsvisor: true,
    command: (programs) => [process.execPath, tsvisorEntry, '--', ...single(programs).argv],
  },
  {
    id: 'tini',
    label: 'tini',
    multi: false,
    binary: '/usr/bin/tini',
    command: (programs) => ['/usr/bin/tini', '--', ...single(programs).argv],
  },
  {
    id: 'dumb-init',
    label: 'dumb-init',
    multi: false,
    binary: '/usr/bin/dumb-init',
    command: (programs) => ['/usr/bin/dumb-init', ...single(programs).argv],
  },
  {
    id: 'supervisord',
    label: 'supervisord',
    multi: true,
    binary: '/usr/bin/supervisord',
    command: (programs, ctx) => ['/usr/bin/supervisord', '-n', '-c', writeSupervisordConfig(programs, ctx)],
  },
];

// Installed peers, plus tsvisor when `tsvisorReady` (its snapshot ran a program).
export function availablePeers(tsvisorReady) {
  return PEERS.filter((peer) => (peer.isTsvisor ? tsvisorReady : existsSync(peer.binary)));
}

// Missing non-tsvisor peers, for the warning printed before any scenario runs.
export function missingPeers() {
  return PEERS.filter((peer) => !peer.isTsvisor && !existsSync(peer.binary)).map((peer) => peer.id);
}

function single(programs) {
  if (programs.length !== 1) throw new Error('single-child inits run exactly one program');
  return /** @type {{argv: string[]}} */ (programs[0]);
}
