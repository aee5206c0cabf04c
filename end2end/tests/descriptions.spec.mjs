// A written description end to end: the consultant records a supervised visit held and writes its
// description, with the connection lost halfway and the tab closed; the text comes back from the
// device and is saved. The parents (F-01's case asks them to read first) get a link, read it and
// comment; the consultant sends it on; the caseworker gets a link, reads it with the comment and
// downloads the PDF.
import fs from "node:fs";
import { test, expect } from "@playwright/test";
import { MAIL, axeClean, hydrated, received, shot, signIn } from "./helpers.mjs";

const COURSE = "Freja og mor bagte boller i køkkenet. Mor læste højt bagefter, og Freja sad på hendes skød.";
const MOOD = "Freja var glad og nysgerrig. Hun blev stille, da der var ti minutter tilbage.";
const OBSERVATION = "Freja sagde: „Må jeg komme igen på lørdag?“ Mor svarede, at det glædede hun sig til.";
const COMMENT = "Vi bagte også kanelsnegle, ikke kun boller.";

/** The path of the newest link to a description in a mail to `to`. */
async function linkIn(to, needle) {
  const mail = await received(MAIL, to, needle);
  const path = mail.match(/\/beskrivelser\/\d+/)?.[0];
  expect(path, mail).toBeTruthy();
  return { mail, path };
}

test("a description is written offline, read and commented by the parent, and sent to the caseworker as PDF", async ({ browser }) => {
  test.setTimeout(180_000);
  const staff = await browser.newContext();
  let page = await staff.newPage();
  await signIn(page, "konsulent@demo.test", "/oversigt");
  await page.getByRole("link", { name: "Mine beskrivelser" }).first().click();
  await expect(page.getByRole("heading", { name: "Mine beskrivelser", level: 1 })).toBeVisible();
  await axeClean(page, "/beskrivelser");
  await shot(page, "beskrivelser-390");
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, "beskrivelser-1280");
  await page.setViewportSize({ width: 390, height: 844 });

  // F-01's latest visit, still to write (the row says the code and the children's initials, as
  // every staff list does): open it, then its visit, and record it held (the family came,
  // whatever was recorded before).
  const row = page.locator("#open-title ~ .due-list .due-row")
    .filter({ hasText: "F-01 · FN, ON" }).filter({ hasText: /Skal skrives|Frist overskredet/ }).first();
  await row.click();
  await expect(page.getByRole("heading", { name: "Skriv beskrivelsen" })).toBeVisible();
  const descriptionUrl = page.url();
  await page.locator(".appt-facts a").first().click();
  await expect(page.getByRole("heading", { name: "Udfald" })).toBeVisible();
  await page.getByRole("button", { name: "Afholdt" }).click();
  await expect(page.locator(".badge").filter({ hasText: "Afholdt" }).first()).toBeVisible();
  await page.getByRole("link", { name: "Åbn beskrivelsen" }).click();
  await expect(page).toHaveURL(descriptionUrl);
  await hydrated(page);

  // The first half goes in while the line is up.
  await page.getByLabel("Hvem var med").fill("Freja, mor (Mette) og konsulenten Karen Holst. Plejemor afleverede.");
  await page.getByLabel("Forløbet", { exact: true }).fill(COURSE);
  await expect(page.locator(".draft-status")).toContainText("Gemt kl.", { timeout: 15_000 });
  await axeClean(page, "/beskrivelser/:id write");
  await shot(page, "beskrivelse-skriv-390");

  // The line goes; the rest is written and kept on the device, and the tab is closed.
  await staff.setOffline(true);
  await page.getByLabel("Barnets reaktioner og stemning").fill(MOOD);
  await page.getByLabel("Observation", { exact: true }).fill(OBSERVATION);
  await expect(page.locator(".draft-status")).toContainText("Ingen forbindelse", { timeout: 15_000 });
  await page.close();

  // Back online: the page opened again gets the kept text back and saves it.
  await staff.setOffline(false);
  page = await staff.newPage();
  await page.goto(descriptionUrl);
  await hydrated(page);
  await expect(page.getByLabel("Observation", { exact: true })).toHaveValue(OBSERVATION);
  // Saved: nothing is left on the device (a kept text is removed once the server has it) ...
  const kept = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("samvaer_beskrivelse_")).length);
  await expect.poll(kept, { timeout: 15_000 }).toBe(0);
  // ... and a fresh load shows every field from the server.
  await page.reload();
  await expect(page.getByLabel("Observation", { exact: true })).toHaveValue(OBSERVATION);
  await expect(page.getByLabel("Barnets reaktioner og stemning")).toHaveValue(MOOD);
  await expect(page.getByLabel("Forløbet", { exact: true })).toHaveValue(COURSE);
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, "beskrivelse-skriv-1280");
  await page.setViewportSize({ width: 390, height: 844 });

  // Sent to the parents first (the case asks for it): locked, and waiting for them.
  await page.getByRole("button", { name: "Send til forældrene" }).click();
  await expect(page.locator("#indhold")).toContainText("Forældrene kan læse og kommentere beskrivelsen til og med");
  await expect(page.getByRole("heading", { name: "Skriv beskrivelsen" })).toHaveCount(0);
  await expect(page.locator("q.quote")).toContainText("Må jeg komme igen på lørdag?");

  // The parent: a link by mail (no text), the description in her portal, her comment.
  const { mail: parentMail, path } = await linkIn("mette@demo.test", "kommentere");
  expect(parentMail).not.toContain("boller");
  const parent = await browser.newContext();
  const p = await parent.newPage();
  await signIn(p, "mette@demo.test", "/mine-samvaer");
  await p.goto(path);
  await expect(p.getByRole("heading", { name: "Din kommentar" })).toBeVisible();
  await expect(p.locator(".description-text")).toContainText(COURSE);
  await expect(p.locator("#indhold")).not.toContainText("Frist");
  await axeClean(p, "/beskrivelser/:id parent");
  await shot(p, "beskrivelse-forælder-390");
  await p.getByLabel("Kommentar", { exact: true }).fill(COMMENT);
  await p.getByRole("button", { name: "Gem kommentar" }).click();
  await expect(p.locator(".parent-comment")).toContainText(COMMENT);
  await p.setViewportSize({ width: 1280, height: 800 });
  await shot(p, "beskrivelse-forælder-1280");
  await parent.close();

  // The consultant sends it on once the parent has commented.
  await page.reload();
  await expect(page.locator(".parent-comment")).toContainText(COMMENT);
  await page.locator("main").getByRole("button", { name: "Send til rådgiver" }).click();
  await expect(page.locator(".appt-facts")).toContainText("Sendt ");
  await staff.close();

  // The caseworker: a link (no text), the description with the parents' comment, the PDF.
  const { mail: caseworkerMail, path: sentPath } = await linkIn("raadgiver@demo.test", path);
  expect(sentPath).toBe(path);
  expect(caseworkerMail).not.toContain("boller");
  const office = await browser.newContext({ acceptDownloads: true });
  const c = await office.newPage();
  await signIn(c, "raadgiver@demo.test", "/sager");
  await c.goto(path);
  await expect(c.locator(".description-text")).toContainText(COURSE);
  await expect(c.getByRole("heading", { name: "Forældrenes kommentar" })).toBeVisible();
  await expect(c.locator(".parent-comment")).toContainText(COMMENT);
  await axeClean(c, "/beskrivelser/:id caseworker");
  await shot(c, "beskrivelse-raadgiver-390");
  const [download] = await Promise.all([c.waitForEvent("download"), c.getByRole("link", { name: "Hent som PDF" }).click()]);
  const pdf = fs.readFileSync(await download.path());
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.length).toBeGreaterThan(1500);
  await c.setViewportSize({ width: 1280, height: 800 });
  await shot(c, "beskrivelse-raadgiver-1280");
  await office.close();
});

test("the leader sees descriptions on time per month and consultant", async ({ page }) => {
  await signIn(page, "leder@demo.test", "/oversigt");
  await page.getByRole("link", { name: "Beskrivelser til tiden" }).first().click();
  await expect(page.getByRole("heading", { name: "Beskrivelser til tiden", level: 1 })).toBeVisible();
  await expect(page.locator("table.figures tbody tr").first()).toBeVisible();
  await expect(page.locator("table.figures")).toContainText("Karen Holst");
  await axeClean(page, "/tal/beskrivelser");
  await shot(page, "tal-beskrivelser-390");
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, "tal-beskrivelser-1280");
});

test("a draft kept on the device is gone after signing out, also where WebAssembly is off", async ({ page }) => {
  // A locked-down browser (iOS Lockdown Mode, a policy) runs no wasm: the sign-in page's plain
  // script still removes what the description form kept.
  await page.addInitScript(() => { delete window.WebAssembly; });
  await signIn(page, "konsulent@demo.test", "/oversigt");
  await page.evaluate(() => localStorage.setItem("samvaer_beskrivelse_1", "course=Kept%20text"));
  await page.getByRole("button", { name: "Log ud" }).click();
  await page.waitForURL(/\/logind/);
  const kept = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("samvaer_beskrivelse_")).length);
  await expect.poll(kept, { timeout: 10_000 }).toBe(0);
});
