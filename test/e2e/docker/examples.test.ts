// The example configs are valid, and the Kubernetes ConfigMap carries the
// same config as examples/kubernetes/tsvisor.yaml. Runs the host build
// (npm run test:e2e builds first), so it needs no engine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { e2eContext } from './context.js';

const { repoRoot } = e2eContext();
interface PodLike {
  readonly kind?: string;
  readonly spec?: { readonly terminationGracePeriodSeconds?: number };
}

const configs = ['examples/legacy-app/tsvisor.yaml', 'examples/kubernetes/tsvisor.yaml'];

describe('example configs', () => {
  it.each(configs)('%s passes tsvisor check', async (file) => {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    expect(text.split('\n')[0]).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/\.\.\/schemas\/tsvisor\.schema\.json$/,
    );
    const r = await execa('node', [join(repoRoot, 'bin/tsvisor'), 'check', join(repoRoot, file)], { reject: false });
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
  });

  it('the pod’s ConfigMap holds examples/kubernetes/tsvisor.yaml', () => {
    const docs = parseAllDocuments(readFileSync(join(repoRoot, 'examples/kubernetes/pod.yaml'), 'utf8'));
    const configMap = docs.map((d) => d.toJS()).find((d) => d?.kind === 'ConfigMap');
    const file = readFileSync(join(repoRoot, 'examples/kubernetes/tsvisor.yaml'), 'utf8');
    const withoutSchemaLine = file.split('\n').slice(1).join('\n');
    expect(configMap?.data?.['tsvisor.yaml']).toBe(withoutSchemaLine);
  });

  it('the pod’s grace period covers shutdown.timeout', () => {
    const docs = parseAllDocuments(readFileSync(join(repoRoot, 'examples/kubernetes/pod.yaml'), 'utf8'));
    const pod = docs.map((d) => d.toJS() as PodLike | null).find((d) => d?.kind === 'Pod');
    const timeout = /timeout: (\d+)s/.exec(readFileSync(join(repoRoot, 'examples/kubernetes/tsvisor.yaml'), 'utf8'));
    expect(pod?.spec?.terminationGracePeriodSeconds).toBeGreaterThan(Number(timeout?.[1]));
  });
});
