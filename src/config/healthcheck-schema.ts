// `healthcheck`: compose's shape (test as CMD / CMD-SHELL / NONE, or
// `disable: true`) plus built-in tcp/http probes that need no process.

import * as z from 'zod';
import { describeValue, duration, oneOf, strictMap } from './schema-primitives.js';
import type { HealthcheckConfig, HealthTest } from './types.js';

const TEST_FORMS = 'a list starting with CMD, CMD-SHELL or NONE, or a shell command string';

function parseTest(test: string | string[]): HealthTest | 'none' | string {
  if (typeof test === 'string') return test.trim() === '' ? 'the test is empty' : { kind: 'shell', script: test };
  const [head, ...rest] = test;
  if (head === 'NONE') return rest.length === 0 ? 'none' : '["NONE"] takes no arguments';
  if (head === 'CMD')
    return rest.length > 0 && rest[0] !== '' ? { kind: 'exec', argv: rest } : '["CMD", …] needs a program';
  if (head === 'CMD-SHELL')
    return rest.length === 1 && rest[0]?.trim()
      ? { kind: 'shell', script: rest[0] }
      : '["CMD-SHELL", …] takes one script';
  return `expected ${TEST_FORMS}, got a list starting with ${describeValue(head)}`;
}

function parseTcp(tcp: number | string): HealthTest | string {
  const m = /^(?:(.+):)?(\d+)$/.exec(String(tcp));
  const port = Number(m?.[2]);
  if (m === null || !(port >= 1 && port <= 65535)) return `expected a port or "host:port", got ${describeValue(tcp)}`;
  // "[::1]:80" is the usual way to write an IPv6 address with a port.
  const host = (m[1] ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1');
  return { kind: 'tcp', host, port };
}

function parseHttp(url: string): HealthTest | string {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') return { kind: 'http', url };
  } catch {
    // fall through to the message
  }
  return `expected an http:// or https:// URL, got ${describeValue(url)}`;
}

/** The healthcheck block; undefined after parsing when it is disabled. */
export const healthcheckSchema = strictMap({
  test: oneOf([z.string(), z.array(z.string())], TEST_FORMS)
    .optional()
    .meta({ description: 'compose form: ["CMD", prog, args…], ["CMD-SHELL", script], a script string, or ["NONE"].' }),
  tcp: oneOf([z.int(), z.string()], 'a port or "host:port"')
    .optional()
    .meta({ description: 'Healthy when a TCP connection opens: a port (host 127.0.0.1) or "host:port".' }),
  http: z.string().optional().meta({ description: 'Healthy when a GET of this URL answers 2xx or 3xx.' }),
  disable: z.boolean().optional().meta({ description: 'true turns the healthcheck off (same as test: ["NONE"]).' }),
  interval: duration('Time between checks once healthy.', 'positive').prefault('5s'),
  timeout: duration('A check running longer than this fails.', 'positive').prefault('5s'),
  retries: z
    .int({ error: (i) => `expected a whole number ≥ 1, got ${describeValue(i.input)}` })
    .min(1, { error: 'must be at least 1' })
    .default(3)
    .meta({ description: 'Consecutive failures that make the program unhealthy.' }),
  start_period: duration('Failures during this time after start do not count.', 'zero').prefault('0s'),
  start_interval: duration('Time between checks until the first success.', 'positive').prefault('500ms'),
})
  .meta({ description: 'How tsvisor decides the program is healthy.' })
  .transform((h, ctx): HealthcheckConfig | undefined => {
    const given = (['test', 'tcp', 'http'] as const).filter((k) => h[k] !== undefined);
    if (h.disable === true) return undefined;
    if (given.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'needs one of `test`, `tcp` or `http` (or `disable: true`)' });
      return undefined;
    }
    for (const extra of given.slice(1))
      ctx.addIssue({
        code: 'custom',
        path: [extra],
        params: { at: 'key' },
        message: `use only one of \`test\`, \`tcp\`, \`http\``,
      });
    const key = given[0] as 'test' | 'tcp' | 'http';
    const test =
      key === 'test' ? parseTest(h.test ?? '') : key === 'tcp' ? parseTcp(h.tcp ?? '') : parseHttp(h.http ?? '');
    if (test === 'none') return undefined;
    if (typeof test === 'string') {
      ctx.addIssue({ code: 'custom', path: [key], message: test });
      return undefined;
    }
    return {
      test,
      intervalMs: h.interval,
      timeoutMs: h.timeout,
      retries: h.retries,
      startPeriodMs: h.start_period,
      startIntervalMs: h.start_interval,
    };
  });
