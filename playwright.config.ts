import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests: Debian's Chromium (no browser downloads here) against the production
 * build, served by scripts/e2e-server.js on a fresh, demo-seeded database every run.
 * `npm run test:e2e` runs them alone; `npm test` runs them after Vitest.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // Two cores, shared with the server (argon2 hashing is deliberately slow).
  workers: Number(process.env.E2E_WORKERS ?? 2),
  // axe takes 1–3 s a page on two shared cores; the role sweeps visit many pages per test.
  timeout: 120_000,
  expect: { timeout: 7_000 },
  reporter: [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON ?? "test-results/playwright.json" }]],
  use: {
    ...devices["Desktop Chrome"],
    baseURL,
    headless: true,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
      ],
    },
  },
  projects: [{ name: "chromium" }],
  webServer: {
    command: "node scripts/e2e-server.js",
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    // A cold build can take a while on two busy cores.
    timeout: 300_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: { E2E_PORT: String(port) },
  },
});
