// A health check that GETs a URL in-process: 2xx/3xx is healthy (redirects are
// not followed — a redirect already proves the server answers, as in k8s).
// The verdict is taken from the status line; the body is not awaited, so a
// streaming or slow body cannot turn a 200 into a timeout.

import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type ProbeResult, timedOut } from './probe-result.js';

/** Healthy when `url` answers GET with a 2xx or 3xx status. */
export function runHttpProbe(url: string, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ ok: false, output: `invalid health check URL ${JSON.stringify(url)}` });
      return;
    }
    const request = target.protocol === 'https:' ? httpsRequest : target.protocol === 'http:' ? httpRequest : undefined;
    if (request === undefined) {
      resolve({ ok: false, output: `unsupported health check URL scheme ${target.protocol}` });
      return;
    }
    // agent: false — no keep-alive socket may outlive the probe in PID 1.
    const req = request(target, { method: 'GET', agent: false, headers: { 'user-agent': 'tsvisor-healthcheck' } });
    const finish = (result: ProbeResult): void => {
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(timedOut(timeoutMs)), timeoutMs);
    req.once('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      // Destroying the request also discards the unread body.
      res.on('error', () => {});
      finish({ ok: status >= 200 && status < 400, output: `HTTP ${status} ${res.statusMessage ?? ''}`.trimEnd() });
    });
    req.once('error', (error: NodeJS.ErrnoException) => {
      finish({ ok: false, output: `GET ${url} failed: ${error.code ?? error.message}` });
    });
    req.end();
  });
}
