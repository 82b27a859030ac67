// Runs one program's health check for one spawn: probes never overlap, the
// next is scheduled only after the previous finished, and the counting rules
// live in core/health-policy.ts.

import type { ProgramConfig } from '../config/types.js';
import { firstProbeDelay, type HealthCounter, healthStep, initialHealthCounter } from '../core/health-policy.js';
import type { Ports } from './ports.js';

export class HealthRunner {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private counter: HealthCounter = initialHealthCounter;
  private readonly startedAt: number;

  constructor(
    private readonly cfg: ProgramConfig,
    readonly generation: number,
    private readonly ports: Ports,
    private readonly onChange: (status: 'healthy' | 'unhealthy') => void,
  ) {
    this.startedAt = ports.clock.now();
  }

  start(): void {
    const hc = this.cfg.healthcheck;
    if (!hc) return;
    this.schedule(firstProbeDelay(hc));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.probe(), delayMs);
  }

  private async probe(): Promise<void> {
    const hc = this.cfg.healthcheck;
    if (!hc || this.stopped) return;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    const result = await this.ports.runProbe(hc.test, hc.timeoutMs, {
      env: { ...env, ...this.cfg.environment },
      cwd: this.cfg.workingDir,
      user: this.cfg.user,
    });
    if (this.stopped) return;
    const step = healthStep(this.counter, result.ok, this.ports.clock.now() - this.startedAt, hc);
    this.counter = step.counter;
    if (!result.ok) {
      this.ports.log.debug(
        { program: this.cfg.name, failures: step.counter.failures, output: result.output.slice(0, 200) },
        'health probe failed',
      );
    }
    if (step.changed) this.onChange(step.changed);
    this.schedule(step.nextInMs);
  }
}
