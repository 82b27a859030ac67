// Where the control socket lives. TSVISOR_SOCKET overrides the configured
// path for both server and client, so a test or a second instance can move
// the socket without editing the YAML.

/** The socket path used when neither the config nor the environment names one. */
export const DEFAULT_SOCKET_PATH = '/run/tsvisor.sock';

/** Resolves the socket path: explicit flag, then TSVISOR_SOCKET, then the config value, then the default. */
export function resolveSocketPath(
  env: NodeJS.ProcessEnv,
  configured: string | undefined,
  explicit?: string | undefined,
): string {
  if (explicit !== undefined && explicit !== '') return explicit;
  const fromEnv = env.TSVISOR_SOCKET;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (configured !== undefined && configured !== '') return configured;
  return DEFAULT_SOCKET_PATH;
}
