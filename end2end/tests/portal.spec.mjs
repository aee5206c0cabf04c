// The parents' portal in real Chromium at phone size: visits, telling the centre, contact,
// calendar, offline, language, accessibility, and the read-only pages without JavaScript.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect, chromium } from "@playwright/test";
import { signIn, hydrated, shot, axeClean, DANISH_DATE, ENGLISH_DATE } from "./helpers.mjs";

test("a parent reports a delay and the visit's consultant sees it at once", async ({ page, browser }) => {
  await signIn(page, "mette@demo.test", "/mine-samvaer");
  const next = page.locator(".next-visit");
  await expect(next.locator(".next-when")).toHaveText(DANISH_DATE);
  await expect(next).toContainText("Karen Holst");
  await expect(next.getByRole("link", { name: "Vis på kort" })).toHaveAttribute("href", /openstreetmap/);
  await axeClean(page, "Mine samvær");
  // Guidance talks are lines of their visit's row, not rows of their own.
  await expect(page.locator(".visit-list .visit-talk").first()).toContainText(/^Vejledning (før|efter) samvær \d\d\.\d\d–/);
  await expect(page.locator(".visit-list .visit-title").filter({ hasText: /^Vejledning/ })).toHaveCount(0);
  console.log(`list height at 390 px: ${await page.locator(".visit-list").evaluate((el) => el.getBoundingClientRect().height)} px, ${await page.locator(".visit-list .visit-row").count()} rows`);
  await shot(page, "portal-visits-390");

  await next.getByRole("link", { name: /forberedelse/ }).click();
  await expect(page).toHaveURL(/\/mine-samvaer\/\d+$/);
  await expect(page.getByRole("heading", { name: "Vores faste aftaler" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Regler for samværet" })).toBeVisible();
  await axeClean(page, "a visit");
  // The page leads with what a parent most often comes for; each form has its heading.
  await page.getByRole("link", { name: "Forsinket, eller kan du ikke komme?" }).click();
  await expect(page).toHaveURL(/#giv-besked$/);
  await expect(page.getByRole("heading", { name: "Er du forsinket?" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Kan du ikke komme?" })).toBeVisible();
  // "Ring" comes with the number to tap.
  await expect(page.locator("#giv-besked a[href='tel:+4572104000']")).toHaveText("72 10 40 00");
  // A refused form (past the browser's own check): the message by its form, focused, and the
  // field marked invalid and described by it; nothing was reported.
  await page.locator("#minutes").evaluate((el) => el.removeAttribute("max"));
  await page.getByLabel("Hvor mange minutter er du forsinket?").fill("200");
  await page.getByRole("button", { name: "Jeg er forsinket" }).click();
  const refusal = page.locator("#giv-besked #form-error");
  await expect(refusal).toHaveText("Skriv et antal minutter mellem 5 og 120.");
  await expect(page.locator("#minutes")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#minutes")).toHaveAttribute("aria-describedby", "form-error");
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("form-error");
  await expect(page.locator("body")).not.toContainText("Forsinket 200 min.");
  await axeClean(page, "a refused delay");
  await shot(page, "portal-delay-refused-390");
  await page.getByLabel("Hvor mange minutter er du forsinket?").fill("20");
  await page.getByRole("button", { name: "Jeg er forsinket" }).click();
  await expect(page.getByRole("status").filter({ hasText: "har fået besked" })).toBeVisible();
  await expect(page.locator("body")).toContainText("Forsinket 20 min.");
  await shot(page, "portal-delay-sent-390");

  for (const staff of ["konsulent@demo.test", "koordinator@demo.test"]) {
    const context = await browser.newContext();
    const other = await context.newPage();
    await signIn(other, staff, "/oversigt");
    const alerts = other.locator(".alerts");
    await expect(alerts).toContainText("Beskeder fra forældre");
    // The row says what and when; who sent it is on the appointment's own page (names only there).
    await expect(alerts).toContainText("Forsinket 20 min. · sendt");
    await expect(alerts).not.toContainText("Mette");
    if (staff.startsWith("konsulent")) await shot(other, "overview-notice-390");
    await context.close();
  }
});

test("offline, the saved visits are still shown with the offline banner", async ({ page, context }) => {
  await signIn(page, "mette@demo.test", "/mine-samvaer");
  await hydrated(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The worker saves the page that registered it; wait until the copy is there.
  await expect.poll(() => page.evaluate(async () => !!(await caches.match("/mine-samvaer"))), { timeout: 15_000 }).toBe(true);
  const when = await page.locator(".next-visit .next-when").textContent();
  await expect(page.locator(".offline-banner")).toBeHidden();

  await context.setOffline(true);
  await page.reload();
  const banner = page.locator(".offline-banner");
  await expect(banner).toBeVisible();
  await expect(banner).toContainText("Du er offline");
  await expect(banner).toContainText(/sidst opdateret (mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) \d/);
  await expect(page.locator(".next-visit .next-when")).toHaveText(when);
  await axeClean(page, "Mine samvær offline");
  await shot(page, "portal-offline-390");

  // A page never opened before shows the offline page, not a browser error.
  await page.goto("/om-samvaer").catch(() => {});
  await expect(page.getByRole("heading", { name: "Du er offline" })).toBeVisible();
  await context.setOffline(false);

  // Signing out forgets the saved pages.
  await page.goto("/mine-samvaer");
  await page.getByRole("button", { name: "Log ud" }).click();
  await expect(page).toHaveURL(/\/logind$/);
  await expect.poll(() => page.evaluate(async () => !!(await caches.match("/mine-samvaer")))).toBe(false);
});

test("contact, the guide and the calendar link, all accessible", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, "mette@demo.test", "/mine-samvaer");
  await page.getByRole("link", { name: "Kontakt" }).click();
  await expect(page.getByRole("link", { name: "Ring 72 10 40 00" })).toHaveAttribute("href", "tel:+4572104000");
  await expect(page.locator("body")).toContainText("Anders Mikkelsen");
  await expect(page.getByRole("link", { name: /Skriv til konsulent@demo.test/ })).toHaveAttribute("href", "mailto:konsulent@demo.test");
  await axeClean(page, "Kontakt");
  await shot(page, "portal-contact-390");

  await page.getByRole("link", { name: "Om samvær" }).click();
  await expect(page.getByRole("heading", { name: "Overvåget samvær" })).toBeVisible();
  await expect(page.locator("body")).toContainText("opfølgningsmødet");
  await axeClean(page, "Om samvær");
  await shot(page, "portal-about-390");

  await page.getByRole("link", { name: "Kalender" }).click();
  await page.getByRole("button", { name: "Lav kalenderlink" }).click();
  const link = page.getByLabel("Kalenderlink");
  await expect(link).toHaveValue(/\/ical\/[A-Za-z0-9_-]{43}\.ics$/);
  await expect(page.getByRole("link", { name: "Åbn i kalender" })).toHaveAttribute("href", /^webcal:\/\//);
  await hydrated(page);
  await page.getByRole("button", { name: "Kopiér link" }).click();
  await expect(page.getByRole("button", { name: "Kopieret" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await link.inputValue());
  const feed = await page.request.get(await link.inputValue());
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain("BEGIN:VCALENDAR");
  await axeClean(page, "Kalender");
  await shot(page, "portal-calendar-390");
  await page.getByRole("button", { name: "Stop kalenderlinket" }).click();
  await expect(page.locator("body")).toContainText("Du har ikke noget kalenderlink.");
  expect((await page.request.get(await feed.url())).status()).toBe(404);
});

test("a parent who cannot come cancels, and the page says who cancelled", async ({ page }) => {
  await signIn(page, "louise@demo.test", "/mine-samvaer");
  await page.locator(".visit-list .visit-row:not(.is-cancelled) a").filter({ hasText: "samvær" }).nth(1).click();
  await page.getByLabel("Besked til samværscentret (valgfri)").fill("Emil har en kamp");
  await page.getByRole("button", { name: "Jeg kan ikke komme" }).click();
  await expect(page.getByRole("alert")).toBeHidden();
  await page.getByLabel(/Ja, jeg kan ikke komme/).check();
  await page.getByRole("button", { name: "Jeg kan ikke komme" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Aftalen er aflyst" })).toBeVisible();
  await expect(page.locator(".badge.status-cancelled")).toHaveText("Aflyst af forælder");
  await expect(page.getByRole("button", { name: "Jeg kan ikke komme" })).toHaveCount(0);
  await axeClean(page, "a cancelled visit");
  await shot(page, "portal-cancelled-390");
});

test("English is one tap away and remembered; dates follow the language", async ({ page }) => {
  await signIn(page, "mette@demo.test", "/mine-samvaer");
  await page.getByRole("button", { name: "Read in English" }).click();
  await expect(page.getByRole("heading", { name: "My visits" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator(".next-visit .next-when")).toHaveText(ENGLISH_DATE);
  await page.getByRole("link", { name: "Contact" }).click();
  await expect(page.getByRole("heading", { name: "Contact" })).toBeVisible();
  await axeClean(page, "Contact in English");
  await shot(page, "portal-english-390");
  await page.getByRole("button", { name: "Læs på dansk" }).click();
  await expect(page.getByRole("heading", { name: "Kontakt" })).toBeVisible();
});

test("the app is installable: manifest, icons and a service worker", async ({ page }, testInfo) => {
  const manifest = await (await page.request.get("/manifest.webmanifest")).json();
  expect(manifest.display).toBe("standalone");
  expect(manifest.lang).toBe("da");
  const sizes = manifest.icons.map((i) => `${i.sizes} ${i.purpose || "any"}`);
  expect(sizes).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
  for (const icon of manifest.icons) expect((await page.request.get(icon.src)).status()).toBe(200);

  // Chromium never offers to install from an incognito profile, so use a real (temporary) one.
  const { baseURL, launchOptions, viewport } = testInfo.project.use;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "samvaer-profile-"));
  const browser = await chromium.launchPersistentContext(profile, { ...launchOptions, baseURL, viewport });
  try {
    const p = browser.pages()[0] || (await browser.newPage());
    await signIn(p, "mette@demo.test", "/mine-samvaer");
    await hydrated(p);
    await p.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await browser.newCDPSession(p);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the portal's pages read and the delay form works", async ({ page }) => {
    await signIn(page, "mette@demo.test", "/mine-samvaer");
    await expect(page.locator(".next-visit .next-when")).toHaveText(DANISH_DATE);
    await page.getByRole("link", { name: "Tidligere" }).click();
    await expect(page.locator(".visit-list")).toContainText("Afholdt");
    await page.getByRole("link", { name: "Kommende" }).click();
    await page.locator(".next-visit").getByRole("link", { name: /forberedelse/ }).click();
    await expect(page.getByRole("heading", { name: "Vores faste aftaler" })).toBeVisible();
    await page.getByLabel("Hvor mange minutter er du forsinket?").fill("10");
    await page.getByRole("button", { name: "Jeg er forsinket" }).click();
    await expect(page.locator("body")).toContainText("Forsinket 10 min.");
    for (const [path, text] of [["/kontakt", "Ring 72 10 40 00"], ["/om-samvaer", "Opstartsmødet"], ["/kalender", "kalenderlink"]]) {
      await page.goto(path);
      await expect(page.locator("main")).toContainText(text);
    }
    await shot(page, "portal-nojs-390");
  });
});

test.describe("narrow screens and large text", () => {
  // The 200 % text check injects a style tag, which the app's CSP (rightly) forbids.
  test.use({ bypassCSP: true });

  test("every portal page fits 320 px, also with 200 % text, and reads well on a desktop", async ({ page }) => {
    await signIn(page, "mette@demo.test", "/mine-samvaer");
    const visit = await page.locator(".next-visit").getByRole("link", { name: /forberedelse/ }).getAttribute("href");
    const width = () => page.evaluate(() => document.documentElement.scrollWidth);
    for (const [path, name] of [["/mine-samvaer", "visits"], [visit, "visit"], ["/kontakt", "contact"], ["/kalender", "calendar"], ["/om-samvaer", "about"]]) {
      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto(path);
      expect(await width(), `${path} at 320 px`).toBeLessThanOrEqual(320);
      await page.addStyleTag({ content: "html { font-size: 200% !important; }" });
      expect(await width(), `${path} at 320 px with 200 % text`).toBeLessThanOrEqual(320);
      if (name === "visits" || name === "visit") await shot(page, `portal-${name}-320-200pct`);
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(path);
      // A facts list keeps each label with its value: every label starts a row of its own.
      const labels = await page.evaluate(() => [...document.querySelectorAll(".facts")].map((dl) => {
        const lefts = [...dl.querySelectorAll("dt")].map((dt) => Math.round(dt.getBoundingClientRect().left));
        return { n: lefts.length, columns: new Set(lefts).size };
      }));
      for (const l of labels) expect(l.columns, `${path}: the facts' labels in one column`).toBe(1);
      // The address and the map link read as text and a link, not as the board's blocks.
      const boxed = await page.evaluate(() => [...document.querySelectorAll(".facts dd > *")]
        .filter((el) => parseFloat(getComputedStyle(el).borderLeftWidth) > 0).map((el) => el.textContent));
      expect(boxed, `${path}: nothing in the facts styled as a board block`).toEqual([]);
      if (name === "visits" || name === "visit") expect(labels.length, `${path} has facts`).toBeGreaterThan(0);
      await shot(page, `portal-${name}-1280`);
    }
  });
});
