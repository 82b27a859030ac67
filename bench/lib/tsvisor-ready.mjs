// tsvisor is written in parallel with this harness: it is benchmarked only once `--version` works
// and `-c FILE` really starts a program as PID 1, so a half-built CLI cannot poison the tables.
import { execFileSync } from 'node:child_process';
import { pollUntil } from './clock.mjs';
import { countLive, launchPeer } from './launch.mjs';
import { PEERS } from './peers.mjs';

// undefined when tsvisor (run as `node entry`) is usable, otherwise the reason it is left out.
export async function tsvisorProblem(entry) {
  try {
    execFileSync(process.execPath, [entry, '--version'], { stdio: 'pipe', timeout: 10_000 });
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
