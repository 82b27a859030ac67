import { defineConfig } from 'vitest/config';

// `npm run test:soak`: SOAK_MINUTES (default 30) of random faults against one PID 1.
const minutes = Number(process.env.SOAK_MINUTES ?? 30);

export default defineConfig({
  test: {
    include: ['test/soak/**/*.test.ts'],
    testTimeout: (minutes + 5) * 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
