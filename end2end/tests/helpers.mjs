import fs from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const DANISH_DATE = /(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) \d{1,2}\. (januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december) kl\. \d{2}\.\d{2}/;
export const ENGLISH_DATE = /(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) at \d{2}:\d{2}/;

export const PASSWORD = "samvaer-demo";

/** Signs in through the real form and waits for the landing page. */
export async function signIn(page, email, landing) {
  await page.goto("/logind");
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByLabel("Adgangskode").fill(PASSWORD);
  await page.getByRole("button", { name: "Log ind" }).click();
  await expect(page).toHaveURL(new RegExp(`${landing}$`));
}

/** Waits until the wasm has hydrated the page (frontend marks <body data-hydrated>). */
export async function hydrated(page) {
  await page.locator("body[data-hydrated=true]").waitFor({ state: "attached", timeout: 20_000 });
}

/** A screenshot for people to look at (not compared). */
export async function shot(page, name) {
  await page.screenshot({ path: `../screenshots/${name}.png`, fullPage: true });
}

/** axe-core (WCAG 2.0/2.1 A and AA rules): no serious or critical violation on the page. */
export async function axeClean(page, name) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad, `axe on ${name}`).toEqual([]);
}

/** Where scripts/test.sh has the app's mail (the local SMTP sink) and SMS texts land. */
export const MAIL = path.resolve("../target/e2e/mail");
export const SMS = path.resolve("../target/e2e/sms");

/** The newest file in `dir` addressed to `to` that contains `needle`, waiting up to 15 s. */
export async function received(dir, to, needle) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).sort().reverse() : [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), "utf8");
      if (text.includes(`To: ${to}`) && text.includes(needle)) return text;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`nothing to ${to} with ${needle} in ${dir}`);
}

export const DESK = { viewport: { width: 1280, height: 800 }, locale: "da-DK", timezoneId: "Europe/Copenhagen" };
export const PHONE = { viewport: { width: 390, height: 844 }, locale: "da-DK", timezoneId: "Europe/Copenhagen" };
