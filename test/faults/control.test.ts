// The control socket under abuse: garbage, huge and half-open requests,
// hundreds of concurrent clients, and reload storms with valid and invalid files.

import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runToEnd, TSVISOR_BIN } from '../helpers/pid1.js';
import { request, sendRaw, status } from './harness/control-client.js';
import { cleanupFaultRuns, configText, expectTableTrue, startFaultRun, stopAndCheck } from './harness/fault-run.js';

afterEach(cleanupFaultRuns);

const PROGRAMS = `  a:
    command: ["sleep", "100000"]
  b:
    command: ["sh", "-c", "while :; do echo b-tick; sleep 0.1; done"]
`;

describe('control socket abuse', () => {
  it('garbage, binary, huge and half-open requests get an error or a close; tsvisor keeps answering', async () => {
    const fr = await startFaultRun(PROGRAMS);
    const sock = fr.dir.socket;
    const answers = await Promise.all([
      sendRaw(sock, 'not json at all\n'),
      sendRaw(sock, '{"v":1,"id":1,"cmd":"status"'), // half a line, then EOF
      sendRaw(sock, Buffer.from([0, 255, 254, 10, 0xc3, 0x28, 10])),
      sendRaw(sock, '{"v":99,"id":2,"cmd":"status","args":{}}\n'),
      sendRaw(sock, '{"v":1,"id":3,"cmd":"rm -rf","args":{}}\n'),
      sendRaw(sock, `{"v":1,"id":4,"cmd":"stop","args":{"names":["${'x'.repeat(300)}"]}}\n`),
      sendRaw(sock, '[]\n{}\nnull\n"str"\n42\n'),
      sendRaw(sock, 'x'.repeat(2 * 1024 * 1024)), // over the 1 MiB line cap
    ]);
    for (const lines of answers) {
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ ok: false });
    }
    // Half-open clients that never send anything, and one that sends without ever reading.
    const idle = Array.from({ length: 50 }, () => connect(sock).on('error', () => undefined));
    const flooder = connect(sock).on('error', () => undefined);
    flooder.on('connect', () => {
      for (let i = 0; i < 2000; i++) flooder.write(`{"v":1,"id":${i},"cmd":"status","args":{}}\n`);
    });
    flooder.pause();
    await new Promise((r) => setTimeout(r, 1000));
    const t0 = Date.now();
    expect(await status(sock)).toHaveLength(2);
    expect(Date.now() - t0).toBeLessThan(3000);
    await expectTableTrue(fr);
    for (const s of [...idle, flooder]) s.destroy();
    await stopAndCheck(fr);
  });

  it('300 concurrent clients (and 20 real `tsvisor ctl` processes) all get answers', async () => {
    const fr = await startFaultRun(PROGRAMS);
    const sock = fr.dir.socket;
    const t0 = Date.now();
    const raw = await Promise.all(Array.from({ length: 300 }, () => status(sock, 30_000)));
    const rawMs = Date.now() - t0;
    expect(raw.every((views) => views.length === 2)).toBe(true);
    const ctl = await Promise.all(
      Array.from({ length: 20 }, () =>
        runToEnd([process.execPath, TSVISOR_BIN, 'ctl', '--socket', sock, 'status', '--json'], 60_000),
      ),
    );
    for (const r of ctl) {
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toHaveLength(2);
    }
    console.log(`[fault] 300 concurrent status requests answered in ${rawMs} ms`);
    await expectTableTrue(fr);
    await stopAndCheck(fr);
  }, 90_000);

  it('a reload storm (SIGHUP 100 times in a second, alternating valid and invalid files) leaves a true table', async () => {
    const fr = await startFaultRun(PROGRAMS);
    const valid = (extra: string) => configText(fr.dir, `${PROGRAMS}${extra}`);
    const variants = [
      valid('  c:\n    command: ["sleep", "100000"]\n'),
      'programs: { broken: { command: 42 } }\n',
      valid(''),
      'this is: [not, valid yaml\n',
      valid('  d:\n    command: ["sh", "-c", "exit 3"]\n    restart: "no"\n'),
    ];
    for (let i = 0; i < 100; i++) {
      writeFileSync(fr.configPath, variants[i % variants.length] ?? '');
      fr.run.signal('SIGHUP');
      // Also through the socket, concurrently with the signals.
      if (i % 10 === 0) void request(fr.dir.socket, 'reload', {}, 30_000).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 10));
    }
    // Settle on a known file: a, b and c.
    writeFileSync(fr.configPath, variants[0] ?? '');
    const final = await request(fr.dir.socket, 'reload', {}, 60_000);
    expect(final.ok).toBe(true);
    await fr.until(
      (v) => v.map((x) => `${x.name}:${x.state}`).join(' ') === 'a:running b:running c:running',
      'a, b, c running after the storm',
      30_000,
    );
    await expectTableTrue(fr);
    expect(fr.run.stderr()).not.toMatch(/"level":"fatal"/);
    await stopAndCheck(fr);
  }, 90_000);
});
