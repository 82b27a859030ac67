// The normalised configuration every other layer consumes. The zod schema in
// schema.ts validates the raw YAML shape; normalize.ts turns that into these
// types (durations in ms, commands as argv, defaults filled in), so nothing
// downstream ever re-parses a string.

/** Docker's restart vocabulary. `maxRestarts` undefined = unlimited (Docker's `on-failure` / `on-failure:0`). */
export type RestartPolicy =
  | { readonly kind: 'no' }
  | { readonly kind: 'on-failure'; readonly maxRestarts: number | undefined }
  | { readonly kind: 'always' }
  | { readonly kind: 'unless-stopped' };

/** Delay before restart k is initialMs * 2^k, capped at maxMs; a run lasting resetAfterMs resets k. */
export interface BackoffConfig {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly resetAfterMs: number;
}

/** docker-compose's depends_on conditions. */
export type DependencyCondition = 'started' | 'healthy' | 'completed_successfully';

export interface Dependency {
  readonly name: string;
  readonly condition: DependencyCondition;
}

/** What a health check runs: compose's CMD / CMD-SHELL, or a built-in probe that needs no process. */
export type HealthTest =
  | { readonly kind: 'exec'; readonly argv: readonly string[] }
  | { readonly kind: 'shell'; readonly script: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'http'; readonly url: string };

export interface HealthcheckConfig {
  readonly test: HealthTest;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly startPeriodMs: number;
  /** Interval used until the first success (and during start_period), so dependents wait less. */
  readonly startIntervalMs: number;
}

export type OutputMode = 'prefix' | 'json' | 'raw';

export interface LogFileConfig {
  readonly path: string;
  readonly maxSizeBytes: number;
  readonly maxFiles: number;
}

export interface OutputConfig {
  readonly mode: OutputMode;
  readonly timestamps: boolean;
  readonly file: LogFileConfig | undefined;
}

export interface UserSpec {
  /** A user name or a numeric uid. */
  readonly user: string | number;
  /** A group name or numeric gid; when absent the user's primary group. */
  readonly group: string | number | undefined;
}

export type ProgramType = 'longrun' | 'oneshot' | 'forking';

export type UnhealthyAction = 'restart' | 'ignore' | 'shutdown';

export interface ProgramConfig {
  readonly name: string;
  /** argv; argv[0] is looked up in PATH. The string form of `command` is split like a shell would, without a shell. */
  readonly command: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly workingDir: string | undefined;
  readonly user: UserSpec | undefined;
  readonly restart: RestartPolicy;
  readonly backoff: BackoffConfig;
  /** Canonical signal name, e.g. 'SIGTERM'. */
  readonly stopSignal: string;
  readonly stopGracePeriodMs: number;
  readonly dependsOn: readonly Dependency[];
  readonly healthcheck: HealthcheckConfig | undefined;
  readonly onUnhealthy: UnhealthyAction;
  /** When this program ends for good, tsvisor shuts everything down and exits with its code. */
  readonly critical: boolean;
  readonly type: ProgramType;
  /** Required for type forking. */
  readonly pidfile: string | undefined;
  /** sd_notify readiness: NOTIFY_SOCKET is set and READY=1 counts as healthy. */
  readonly notify: boolean;
  /** false = defined but only started by an operator (`tsvisor ctl start`). */
  readonly autostart: boolean;
  readonly output: OutputConfig;
}

/** What tsvisor does when it receives a signal. */
export type SignalAction =
  | { readonly kind: 'shutdown' }
  | { readonly kind: 'reload' }
  | { readonly kind: 'ignore' }
  /** Forward to the process group of every running program (`targets` undefined) or of the named ones, optionally as another signal. */
  | { readonly kind: 'forward'; readonly targets: readonly string[] | undefined; readonly as: string | undefined };

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export interface LoggingConfig {
  readonly level: LogLevel;
  /** auto = pretty on a TTY, json otherwise. */
  readonly format: 'json' | 'pretty' | 'auto';
  /** Default output config for programs that set none. */
  readonly output: OutputConfig;
  /** Lines kept per program for `tsvisor ctl logs`. */
  readonly ringLines: number;
  /** A line longer than this is split and marked. */
  readonly maxLineBytes: number;
}

export interface ControlConfig {
  readonly socket: string;
  /** When set, the socket is 0660 and owned by this group; otherwise 0600. */
  readonly group: string | undefined;
  /** Where operator stops of unless-stopped programs are remembered. */
  readonly stateDir: string;
}

export interface Config {
  /** Path the config was read from, for diagnostics and reload. */
  readonly source: string;
  /** In file order. */
  readonly programs: readonly ProgramConfig[];
  readonly shutdown: { readonly timeoutMs: number };
  readonly control: ControlConfig;
  readonly logging: LoggingConfig;
  /** Keyed by canonical signal name; every catchable signal has an entry after normalisation. */
  readonly signals: Readonly<Record<string, SignalAction>>;
}

/** One problem found in a config file, with its position in the YAML text. */
export interface Diagnostic {
  readonly file: string;
  /** 1-based; 0 when the problem has no position (e.g. unreadable file). */
  readonly line: number;
  readonly col: number;
  /** Dotted path into the document, e.g. programs.web.restart; '' for the whole file. */
  readonly path: string;
  readonly message: string;
}

export type LoadResult =
  | { readonly ok: true; readonly config: Config }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };
