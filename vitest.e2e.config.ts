import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    // Starts a private Docker engine and builds the images once for all files.
    globalSetup: ['test/e2e/docker/global-setup.ts'],
    testTimeout: 900_000,
    hookTimeout: 1_800_000,
    fileParallelism: false,
    // Phase timings are printed with console.log; show them as they happen.
    disableConsoleIntercept: true,
  },
});
