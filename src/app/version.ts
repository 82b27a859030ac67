// The version, injected by the bundler from package.json (scripts/build.mjs).

declare const TSVISOR_VERSION: string | undefined;

/** tsvisor's version; '0.0.0-dev' when running unbundled (tests). */
export const VERSION: string = typeof TSVISOR_VERSION === 'string' ? TSVISOR_VERSION : '0.0.0-dev';
