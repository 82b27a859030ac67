// Checks that need more than one value at a time: references between
// programs, dependency cycles, and combinations of fields. Runs on the
// normalised config; `raw` (the plain YAML data) is only consulted to find
// where an entry was written, since list and map forms place it differently.

import { findCycle } from '../core/dependency-graph.js';
import type { ConfigIssue } from './config-issue.js';
import { didYouMean } from './did-you-mean.js';
import { canonicalSignal } from './signal-names.js';
import type { Config, ProgramConfig } from './types.js';

type Raw = Record<string, unknown>;
const asMap = (v: unknown): Raw | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : undefined;

// Where `program.depends_on` mentions `dep`: the list item, or the map key.
function dependencyIssue(raw: Raw, program: string, dep: string, message: string): ConfigIssue {
  const dependsOn = asMap(asMap(raw.programs)?.[program])?.depends_on;
  const base = ['programs', program, 'depends_on'];
  if (Array.isArray(dependsOn)) return { path: [...base, dependsOn.indexOf(dep)], message, at: 'value' };
  return { path: [...base, dep], message, at: 'key' };
}

function dependencyChecks(config: Config, raw: Raw): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const byName = new Map(config.programs.map((p) => [p.name, p]));
  const names = [...byName.keys()];
  for (const p of config.programs) {
    for (const dep of p.dependsOn) {
      const target = byName.get(dep.name);
      if (target === undefined) {
        issues.push(
          dependencyIssue(raw, p.name, dep.name, `unknown program \`${dep.name}\`${didYouMean(dep.name, names)}`),
        );
      } else if (dep.condition === 'healthy' && target.healthcheck === undefined && !target.notify) {
        const msg = `\`${dep.name}\` has no healthcheck and no \`notify: true\`, so it can never become healthy`;
        issues.push(dependencyIssue(raw, p.name, dep.name, msg));
      }
    }
  }
  const graph = new Map(config.programs.map((p) => [p.name, p.dependsOn.map((d) => d.name)]));
  const cycle = findCycle(graph);
  if (cycle !== undefined && cycle.length >= 2) {
    const [from, to] = cycle as [string, string];
    issues.push(dependencyIssue(raw, from, to, `dependency cycle: ${cycle.join(' -> ')}`));
  }
  return issues;
}

function programChecks(p: ProgramConfig): ConfigIssue[] {
  if (p.type === 'forking' && p.pidfile === undefined)
    return [{ path: ['programs', p.name, 'type'], message: 'type `forking` needs `pidfile`', at: 'value' }];
  return [];
}

function signalChecks(config: Config, raw: Raw): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const names = config.programs.map((p) => p.name);
  for (const [key, value] of Object.entries(asMap(raw.signals) ?? {})) {
    const forward = asMap(value)?.forward;
    if (canonicalSignal(key) === undefined || !Array.isArray(forward)) continue;
    forward.forEach((target, i) => {
      if (typeof target === 'string' && !names.includes(target))
        issues.push({
          path: ['signals', key, 'forward', i],
          message: `unknown program \`${target}\`${didYouMean(target, names)}`,
          at: 'value',
        });
    });
  }
  return issues;
}

/** Every cross-field problem of a schema-valid config, in file order where it matters. */
export function semanticChecks(config: Config, raw: unknown): ConfigIssue[] {
  const map = asMap(raw) ?? {};
  return [...config.programs.flatMap(programChecks), ...dependencyChecks(config, map), ...signalChecks(config, map)];
}
