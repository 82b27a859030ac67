// tsvisor is written in parallel with this harness: it is benchmarked only once `--version` works
// and `-c FILE` really starts a program as PID 1, so a half-built CLI cannot poison the tables.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pollUntil } from './clock.mjs';
import { countLive, launchPeer } from './launch.mjs';
import { PEERS } from './peers.mjs';

const BIN = fileURLToPath(new URL('../../bin/tsvisor', import.meta.url));

// undefined when tsvisor is usable, otherwise the reason it is left out.
export async function tsvisorProblem() {
  try {
    execFileSync(process.execPath, [BIN, '--version'], { stdio: 'pipe', timeout: 10_000 });
  } catch (error) {
    return `\`tsvisor --version\` failed: ${
      String(error.stderr ?? error.message)
        .trim()
        .split('\n')[0]
    }`;
  }
  const peer = PEERS.find((p) => p.id === 'tsvisor');
  const run = await launchPeer(peer, [{ name: 'probe', argv: ['sleep', 'infinity'], restart: 'always' }]);
  try {
    await pollUntil(() => (countLive(run, 'sleep') >= 1 ? true : undefined), {
      intervalMs: 20,
      timeoutMs: 5000,
      label: 'probe',
    });
    return undefined;
  } catch {
    return `\`tsvisor -c\` did not start a program within 5 s:\n${run.outputTail()}`;
  } finally {
    await run.teardown();
  }
}
