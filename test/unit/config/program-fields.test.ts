import { describe, expect, it } from 'vitest';
import { errorsOf, programOf, programYaml } from './parse-helpers.js';

const programError = (fields: string) => errorsOf(programYaml(fields)).join('\n');

describe('restart', () => {
  it.each([
    ['restart: "no"', { kind: 'no' }],
    ['restart: no', { kind: 'no' }],
    ['restart: false', { kind: 'no' }],
    ['restart: always', { kind: 'always' }],
    ['restart: unless-stopped', { kind: 'unless-stopped' }],
    ['restart: on-failure', { kind: 'on-failure', maxRestarts: undefined }],
    ['restart: on-failure:0', { kind: 'on-failure', maxRestarts: undefined }],
    ['restart: on-failure:5', { kind: 'on-failure', maxRestarts: 5 }],
  ])('%s', (line, policy) => {
    expect(programOf(`command: a\n${line}`).restart).toEqual(policy);
  });

  it('accepts YAML 1.1 `no` (a boolean there) without a diagnostic', () => {
    const p = programOf('command: a\nrestart: no');
    expect(p.restart).toEqual({ kind: 'no' });
  });

  it.each([
    ['restart: on-failure:-1', 'N ≥ 0'],
    ['restart: on-failure:1.5', 'on-failure:N'],
    ['restart: on-failure:x', 'on-failure:N'],
    ['restart: true', 'on-failure:N'],
    ['restart: sometimes', '`unless-stopped`'],
    ['restart: 3', 'expected `no`'],
  ])('rejects %s', (line, message) => {
    expect(programError(`command: a\n${line}`)).toContain(message);
  });
});

describe('command', () => {
  it.each([
    ['command: nginx -g "daemon off;"', ['nginx', '-g', 'daemon off;']],
    ['command: [sleep, 10]', ['sleep', '10']],
    ['command: ["sh", "-c", "a | b"]', ['sh', '-c', 'a | b']],
    ["command: echo 'a b' c\\ d", ['echo', 'a b', 'c d']],
  ])('%s', (line, argv) => {
    expect(programOf(line).command).toEqual(argv);
  });

  it.each([
    ['command: []', 'command is empty'],
    ['command: ""', 'command is empty'],
    ['command: echo "oops', 'unterminated double quote'],
    ['command: a | b', 'shell syntax'],
    ['command: {a: 1}', 'expected a string or a list of strings, got a map'],
    ['command: [true]', 'expected a string, got boolean true (YAML reads unquoted true as a boolean: write "true")'],
    ['command: ["", x]', 'program name is empty'],
    ['restart: always', 'programs.p.command: missing required key `command`'],
  ])('rejects %s', (line, message) => {
    expect(programError(line)).toContain(message);
  });
});

describe('user', () => {
  it.each([
    ['user: app', { user: 'app', group: undefined }],
    ['user: "1000"', { user: 1000, group: undefined }],
    ['user: 1000', { user: 1000, group: undefined }],
    ['user: app:staff', { user: 'app', group: 'staff' }],
    ['user: "1000:1000"', { user: 1000, group: 1000 }],
    ['user: "app:50"', { user: 'app', group: 50 }],
  ])('%s', (line, spec) => {
    expect(programOf(`command: a\n${line}`).user).toEqual(spec);
  });

  it.each(['user: ""', 'user: "a:b:c"', 'user: ":g"', 'user: -1', 'user: 1.5', 'user: [a]', 'user: "a b"'])(
    'rejects %s',
    (line) => {
      expect(programError(`command: a\n${line}`)).toContain('programs.p.user');
    },
  );
});

describe('environment', () => {
  it.each([
    ['environment: {A: x, B: 1, C: true, D: ""}', { A: 'x', B: '1', C: 'true', D: '' }],
    ['environment: ["A=x", "B=1=2", "C="]', { A: 'x', B: '1=2', C: '' }],
    ['environment: []', {}],
  ])('%s', (line, env) => {
    expect(programOf(`command: a\n${line}`).environment).toEqual(env);
  });

  it.each([
    ['environment: ["A"]', 'expected "KEY=value"'],
    ['environment: ["=x"]', 'expected "KEY=value"'],
    ['environment: ["A=1", "A=2"]', '`A` is set twice'],
    ['environment: {A: null}', 'programs.p.environment.A'],
    ['environment: {A: [1]}', 'expected a string, number or boolean'],
    ['environment: "A=1"', 'expected a map of NAME: value'],
    ['environment: {__proto__: x}', 'environment.__proto__: `__proto__` cannot be used as a key'],
  ])('rejects %s', (line, message) => {
    expect(programError(`command: a\n${line}`)).toContain(message);
  });
});

describe('healthcheck', () => {
  const hc = (block: string) => programOf(`command: a\nhealthcheck: ${block}`).healthcheck;

  it.each([
    ['{test: ["CMD", "curl", "-f", "http://x"]}', { kind: 'exec', argv: ['curl', '-f', 'http://x'] }],
    ['{test: ["CMD-SHELL", "pg_isready || exit 1"]}', { kind: 'shell', script: 'pg_isready || exit 1' }],
    ['{test: "pg_isready"}', { kind: 'shell', script: 'pg_isready' }],
    ['{tcp: 6379}', { kind: 'tcp', host: '127.0.0.1', port: 6379 }],
    ['{tcp: "6379"}', { kind: 'tcp', host: '127.0.0.1', port: 6379 }],
    ['{tcp: "db.local:5432"}', { kind: 'tcp', host: 'db.local', port: 5432 }],
    ['{tcp: "[::1]:80"}', { kind: 'tcp', host: '::1', port: 80 }],
    ['{http: "http://127.0.0.1:8080/health"}', { kind: 'http', url: 'http://127.0.0.1:8080/health' }],
  ])('%s', (block, test) => {
    expect(hc(block)?.test).toEqual(test);
  });

  it('has compose defaults and reads every timing key', () => {
    expect(hc('{tcp: 1}')).toMatchObject({
      intervalMs: 5000,
      timeoutMs: 5000,
      retries: 3,
      startPeriodMs: 0,
      startIntervalMs: 500,
    });
    expect(
      hc('{tcp: 1, interval: 1s, timeout: 2s, retries: 7, start_period: 1m, start_interval: 100ms}'),
    ).toMatchObject({
      intervalMs: 1000,
      timeoutMs: 2000,
      retries: 7,
      startPeriodMs: 60_000,
      startIntervalMs: 100,
    });
  });

  it.each(['{test: ["NONE"]}', '{disable: true}', '{disable: true, test: "x"}'])('%s disables it', (block) => {
    expect(hc(block)).toBeUndefined();
  });

  it.each([
    ['{}', 'needs one of `test`, `tcp` or `http`'],
    ['{disable: false}', 'needs one of'],
    ['{tcp: 1, http: "http://x"}', 'healthcheck.http: use only one of'],
    ['{test: ["CMD"]}', 'needs a program'],
    ['{test: ["CMD-SHELL", "a", "b"]}', 'takes one script'],
    ['{test: ["NONE", "x"]}', 'takes no arguments'],
    ['{test: ["RUN", "x"]}', 'starting with `RUN`'],
    ['{test: ""}', 'the test is empty'],
    ['{tcp: 0}', 'expected a port'],
    ['{tcp: 70000}', 'expected a port'],
    ['{tcp: "host:"}', 'expected a port'],
    ['{http: "ftp://x"}', 'http:// or https://'],
    ['{http: "not a url"}', 'http:// or https://'],
    ['{tcp: 1, retries: 0}', 'healthcheck.retries: must be at least 1'],
    ['{tcp: 1, interval: 0s}', 'longer than 0s'],
    ['{tcp: 1, interval: 5}', 'expected a duration like 500ms, 10s or 1m30s'],
    ['{tcp: 1, intervall: 5s}', 'did you mean `interval`?'],
  ])('rejects %s', (block, message) => {
    expect(programError(`command: a\nhealthcheck: ${block}`)).toContain(message);
  });
});

describe('output', () => {
  const out = (fields: string) => programOf(`command: a\n${fields}`).output;

  it.each([
    ['output: json', { mode: 'json', timestamps: false, file: undefined }],
    ['output: raw', { mode: 'raw', timestamps: false, file: undefined }],
    ['output: {timestamps: true}', { mode: 'prefix', timestamps: true, file: undefined }],
    [
      'output: {file: {path: /l}}',
      { mode: 'prefix', timestamps: false, file: { path: '/l', maxSizeBytes: 10 * 1024 ** 2, maxFiles: 5 } },
    ],
    [
      'output: {file: {path: /l, max_size: 1024, max_files: 2}}',
      { mode: 'prefix', timestamps: false, file: { path: '/l', maxSizeBytes: 1024, maxFiles: 2 } },
    ],
    [
      'output: {file: {path: /l, max_size: 512KiB}}',
      { mode: 'prefix', timestamps: false, file: { path: '/l', maxSizeBytes: 512 * 1024, maxFiles: 5 } },
    ],
  ])('%s', (line, output) => {
    expect(out(line)).toEqual(output);
  });

  it('inherits logging.output field by field', () => {
    const yaml = `${programYaml('command: a\noutput: {mode: raw}')}logging:\n  output: {mode: json, timestamps: true}\n`;
    const { configOf } = { configOf: (y: string) => import('./parse-helpers.js').then((m) => m.configOf(y)) };
    return configOf(yaml).then((c) => {
      expect(c.programs[0]?.output).toEqual({ mode: 'raw', timestamps: true, file: undefined });
      expect(c.logging.output).toEqual({ mode: 'json', timestamps: true, file: undefined });
    });
  });

  it.each([
    ['output: fancy', 'expected one of `prefix`, `json`, `raw`, or a map'],
    ['output: {mode: fancy}', 'output.mode: expected one of `prefix`, `json`, `raw`, got `fancy`'],
    ['output: {file: {path: rel.log}}', 'output.file.path: expected an absolute path'],
    ['output: {file: {path: /l, max_size: 10TB}}', 'expected a size like 10MB'],
    ['output: {file: {path: /l, max_size: 0}}', 'expected a size'],
    ['output: {file: {path: /l, max_files: 0}}', 'must be at least 1'],
    ['output: {file: {}}', 'output.file.path: missing required key `path`'],
  ])('rejects %s', (line, message) => {
    expect(programError(`command: a\n${line}`)).toContain(message);
  });
});

describe('other program keys', () => {
  it.each([
    ['stop_signal: TERM', 'stopSignal', 'SIGTERM'],
    ['stop_signal: sigint', 'stopSignal', 'SIGINT'],
    ['stop_signal: 9', 'stopSignal', 'SIGKILL'],
    ['stop_signal: SIGSTOP', 'stopSignal', 'SIGSTOP'],
    ['stop_signal: "3"', 'stopSignal', 'SIGQUIT'],
    ['stop_grace_period: 1m30s', 'stopGracePeriodMs', 90_000],
    ['stop_grace_period: 0s', 'stopGracePeriodMs', 0],
    ['working_dir: /srv', 'workingDir', '/srv'],
    ['type: oneshot', 'type', 'oneshot'],
    ['on_unhealthy: ignore', 'onUnhealthy', 'ignore'],
    ['critical: true', 'critical', true],
    ['notify: true', 'notify', true],
    ['autostart: false', 'autostart', false],
    ['depends_on: [x]', 'dependsOn', [{ name: 'x', condition: 'started' }]],
    ['depends_on: {x: {}}', 'dependsOn', [{ name: 'x', condition: 'started' }]],
  ])('%s', (line, key, value) => {
    const yaml = `${programYaml(`command: a\n${line}`)}  x:\n    command: b\n    notify: true\n`;
    return import('./parse-helpers.js').then(({ configOf }) => {
      expect(configOf(yaml).programs[0]).toHaveProperty(key, value);
    });
  });

  it.each([
    ['stop_signal: FOO', 'stop_signal: `FOO` is not a signal on this platform'],
    ['stop_signal: 0', 'not a signal'],
    ['stop_grace_period: 10', 'expected a duration like 500ms, 10s or 1m30s, got number 10'],
    ['stop_grace_period: 10d', 'expected a duration like 500ms, 10s or 1m30s, got `10d`'],
    ['working_dir: srv', 'expected an absolute path'],
    ['type: daemon', 'expected one of `longrun`, `oneshot`, `forking`, got `daemon`'],
    ['critical: yes', 'expected true or false, got `yes`'],
    ['backoff: {initial: 0s}', 'backoff.initial: must be longer than 0s'],
    ['backoff: {initial: 2m}', 'backoff.max: must be at least `initial`'],
    ['backoff: {inital: 1s}', 'did you mean `initial`?'],
    ['depends_on: [x, x]', '`x` is listed twice'],
    ['depends_on: {x: {condition: ready}}', 'expected one of `started`, `healthy`, `completed_successfully`'],
    ['depends_on: x', 'expected a list of program names or a map'],
    ['pidfile: run.pid', 'expected an absolute path'],
  ])('rejects %s', (line, message) => {
    expect(programError(`command: a\n${line}`)).toContain(message);
  });
});
