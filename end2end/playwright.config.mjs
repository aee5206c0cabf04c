// Browser tests in Debian's headless Chromium (no browser downloads on these machines).
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  globalSetup: "./tests/global-setup.mjs",
  use: {
    baseURL: process.env.SAMVAER_BASE_URL || "http://127.0.0.1:3000",
    viewport: { width: 390, height: 844 },
    locale: "da-DK",
    timezoneId: "Europe/Copenhagen",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    },
  },
});
