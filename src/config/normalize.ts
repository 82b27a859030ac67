// Parsed config → the `Config` contract: camelCase, program order from the
// file, program output inherited field by field from logging.output, and a
// signal table with an entry for every handled signal.

import type { PartialOutput } from './output-schema.js';
import type { ParsedProgram } from './program-schema.js';
import type { ParsedConfig } from './schema.js';
import { defaultSignalAction, HANDLED_SIGNALS } from './signal-names.js';
import type { Config, OutputConfig, ProgramConfig, SignalAction } from './types.js';

function completeOutput(own: PartialOutput | undefined, base: OutputConfig): OutputConfig {
  return {
    mode: own?.mode ?? base.mode,
    timestamps: own?.timestamps ?? base.timestamps,
    file: own?.file ?? base.file,
  };
}

function normalizeProgram(name: string, p: ParsedProgram, defaultOutput: OutputConfig): ProgramConfig {
  return {
    name,
    command: p.command,
    environment: p.environment,
    workingDir: p.working_dir,
    user: p.user,
    restart: p.restart,
    backoff: { initialMs: p.backoff.initial, maxMs: p.backoff.max, resetAfterMs: p.backoff.reset_after },
    stopSignal: p.stop_signal,
    stopGracePeriodMs: p.stop_grace_period,
    dependsOn: p.depends_on,
    healthcheck: p.healthcheck,
    onUnhealthy: p.on_unhealthy,
    critical: p.critical,
    type: p.type,
    pidfile: p.pidfile,
    notify: p.notify,
    autostart: p.autostart,
    output: completeOutput(p.output, defaultOutput),
  };
}

/** The full signal table: configured actions over the defaults. */
export function signalTable(configured: Readonly<Record<string, SignalAction>>): Record<string, SignalAction> {
  const table: Record<string, SignalAction> = {};
  for (const name of HANDLED_SIGNALS) {
    const def = defaultSignalAction(name);
    table[name] =
      configured[name] ??
      (def === 'forward' ? { kind: 'forward', targets: undefined, as: undefined } : { kind: def ?? 'ignore' });
  }
  return table;
}

/** Builds the Config; `programOrder` is the key order of `programs:` in the file (JS objects reorder numeric keys). */
export function normalizeConfig(parsed: ParsedConfig, programOrder: readonly string[], source: string): Config {
  const base = completeOutput(parsed.logging.output, { mode: 'prefix', timestamps: false, file: undefined });
  const names = [...programOrder.filter((n) => Object.hasOwn(parsed.programs, n))];
  for (const n of Object.keys(parsed.programs)) if (!names.includes(n)) names.push(n);
  return {
    source,
    programs: names.map((n) => normalizeProgram(n, parsed.programs[n] as ParsedProgram, base)),
    shutdown: { timeoutMs: parsed.shutdown.timeout },
    control: { socket: parsed.control.socket, group: parsed.control.group, stateDir: parsed.control.state_dir },
    logging: {
      level: parsed.logging.level,
      format: parsed.logging.format,
      output: base,
      ringLines: parsed.logging.ring_lines,
      maxLineBytes: parsed.logging.max_line_bytes,
    },
    signals: signalTable(parsed.signals),
  };
}
