// The docker client bound to the suite's private engine. The Debian client
// (/usr/bin/docker) is preferred: it matches the engine's API version and has
// no buildx plugin to route `docker build` elsewhere.
import { existsSync } from 'node:fs';
import { execa } from 'execa';

/** Result of one docker client call; never throws on a non-zero exit. */
export interface DockerResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A docker client for the engine listening on `host` (a unix:// URL). */
export class DockerCli {
  readonly binary = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';

  constructor(readonly host: string) {}

  /** The environment every client call runs with; also handy for spawning `docker` directly. */
  get env(): Record<string, string> {
    // DOCKER_BUILDKIT=0: the classic builder honours `--network host` without
    // buildkit entitlements, and the engine here has no bridge network.
    return { DOCKER_HOST: this.host, DOCKER_BUILDKIT: '0', DOCKER_CLI_HINTS: 'false' };
  }

  /** Runs `docker ...args`, optionally feeding `input` on stdin. */
  async run(
    args: readonly string[],
    opts: { input?: string; timeoutMs?: number; cwd?: string } = {},
  ): Promise<DockerResult> {
    const r = await execa(this.binary, args, {
      env: this.env,
      reject: false,
      timeout: opts.timeoutMs ?? 600_000,
      ...(opts.input === undefined ? { stdin: 'ignore' as const } : { input: opts.input }),
      ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    });
    return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  }

  /** Like run, but throws with the client's stderr when the exit code is not 0. */
  async ok(args: readonly string[], opts: { input?: string; timeoutMs?: number; cwd?: string } = {}): Promise<string> {
    const r = await this.run(args, opts);
    if (r.exitCode !== 0) {
      throw new Error(
        `docker ${args.join(' ')} exited ${r.exitCode}:\n${r.stderr.slice(-4000)}\n${r.stdout.slice(-2000)}`,
      );
    }
    return r.stdout;
  }
}
