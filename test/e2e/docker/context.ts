// What the global setup hands to every e2e test file (vitest `provide` /
// `inject`), plus the helpers the tests share to run and clean up containers.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { DockerCli } from './docker-cli.js';

/** Serializable facts about the prepared engine; `skip` is set when the engine cannot run here. */
export interface E2eContext {
  readonly skip: string | null;
  readonly dockerHost: string;
  readonly repoRoot: string;
  readonly images: {
    readonly base: string;
    readonly tsvisor: string;
    readonly legacy: string;
    readonly dropIn: string;
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    tsvisorDockerE2e: E2eContext;
  }
}

/** The context provided by global-setup.ts. */
export function e2eContext(): E2eContext {
  return inject('tsvisorDockerE2e');
}

/** Creates containers with unique names and removes every one of them on `cleanup()`. */
export class Containers {
  readonly cli: DockerCli;
  private readonly names: string[] = [];

  constructor(ctx: E2eContext) {
    this.cli = new DockerCli(ctx.dockerHost);
  }

  /** A fresh container name with `prefix`, remembered for cleanup. */
  name(prefix: string): string {
    const name = `tsvisor-e2e-${prefix}-${randomBytes(3).toString('hex')}`;
    this.names.push(name);
    return name;
  }

  /** `docker run -d --network none --name NAME …args`; returns the name. */
  async start(prefix: string, args: readonly string[]): Promise<string> {
    const name = this.name(prefix);
    await this.cli.ok(['run', '-d', '--network', 'none', '--name', name, ...args]);
    return name;
  }

  /** The container's exit code once it has stopped. */
  async exitCode(name: string): Promise<number> {
    const out = await this.cli.ok(['wait', name], { timeoutMs: 60_000 });
    return Number(out.trim());
  }

  /** stdout and stderr of the container, as `docker logs` shows them (stderr after stdout is not guaranteed). */
  async logs(name: string): Promise<string> {
    const r = await this.cli.run(['logs', name]);
    return `${r.stdout}\n${r.stderr}`;
  }

  /**
   * Each stream's lines in the exact order tsvisor wrote them. Across the two streams docker's receive
   * timestamps can be milliseconds off (two pipes, two copy loops), so ordering claims compare within one.
   */
  async streams(name: string): Promise<{ stdout: string[]; stderr: string[] }> {
    const r = await this.cli.run(['logs', name]);
    const lines = (text: string) => text.split('\n').filter((l) => l !== '');
    return { stdout: lines(r.stdout), stderr: lines(r.stderr) };
  }

  /** Removes every container this object created. */
  async cleanup(): Promise<void> {
    const names = this.names.splice(0);
    if (names.length > 0) await this.cli.run(['rm', '-f', '-v', ...names]);
  }
}

/** Matches a line of `program`'s output as tsvisor's prefix mode prints it ("name  | text"). */
export function programLine(program: string, text: string): RegExp {
  return new RegExp(`^${program}\\s*\\| .*${text}`, 'm');
}

/** Whether PID 1 of the container has a handler for SIGTERM (bit 15 of SigCgt) and has spawned its child yet. */
export async function pid1CatchesSigterm(containers: Containers, name: string): Promise<boolean> {
  const r = await containers.cli.run(['exec', name, 'cat', '/proc/1/status', '/proc/1/task/1/children']);
  const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(r.stdout)?.[1];
  const hasChild = /^\d+/m.test(r.stdout.split('\n').at(-1) ?? '') || /\n\d+ /.test(r.stdout);
  return mask !== undefined && (BigInt(`0x${mask}`) & (1n << 14n)) !== 0n && hasChild;
}

/** Polls `probe` until it returns true or `timeoutMs` passes; returns whether it succeeded. */
export async function eventually(probe: () => Promise<boolean>, timeoutMs: number, stepMs = 250): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
