// The placement as a partner in real Chromium: a consultant opens a channel with William's
// foster family and sends its contact a secure link; on her phone the foster mother confirms it
// with the code from the SMS folder, sees William's visits with hand-over times and writes a note
// before the next one; the consultant reads the note on the visit's page.
import { test, expect } from "@playwright/test";
import { DESK, MAIL, PHONE, SMS, axeClean, received, shot, signIn } from "./helpers.mjs";

test("the placement writes a hand-over note that the consultant sees on the visit", async ({ browser }) => {
  const staff = await (await browser.newContext(DESK)).newPage();
  await signIn(staff, "konsulent@demo.test", "/oversigt");
  await staff.getByRole("link", { name: "Beskeder" }).click();
  await staff.getByRole("link", { name: "F-06 · S.L." }).click();
  await staff.getByLabel("Ny kanal med").fill("Plejefamilien Holm");
  await staff.getByLabel("Er det et barns anbringelsessted?").selectOption({ label: "Ja, Williams" });
  await staff.getByRole("button", { name: "Opret kanal" }).click();
  await expect(staff.getByRole("heading", { name: "F-06 · Plejefamilien Holm", level: 1 })).toBeVisible();
  await staff.getByLabel("Navn").fill("Hanne Holm");
  await staff.getByLabel("E-mail", { exact: true }).fill("hanne.holm@demo.test");
  await staff.getByLabel("Mobil").fill("20 60 70 80");
  await staff.getByLabel("Send linket med").selectOption("email");
  await staff.getByRole("button", { name: "Opret og send link" }).click();
  await expect(staff.locator(".notice-ok")).toContainText("Linket er oprettet og sendt");

  const invite = await received(MAIL, "hanne.holm@demo.test", "/k/");
  const link = invite.match(/https?:\/\/\S+\/k\/[A-Za-z0-9_-]{43}/)[0];
  const phone = await (await browser.newContext(PHONE)).newPage();
  await phone.goto(link);
  await phone.getByRole("button", { name: "Send mig en kode" }).click();
  const sms = await received(SMS, "20 60 70 80", "Din kode");
  await phone.getByLabel("Kode (6 cifre)").fill(sms.match(/er (\d{6})\./)[1]);
  await phone.getByRole("button", { name: "Bekræft" }).click();
  await expect(phone).toHaveURL(/\/kanal$/);
  await expect(phone.getByRole("heading", { name: "Samvær for William" })).toBeVisible();
  const first = phone.locator(".handover").filter({ has: phone.getByLabel("Note før samværet") }).first();
  await expect(first).toContainText(/Aflevering kl\. \d{2}\.\d{2} · afhentning kl\. \d{2}\.\d{2}/);
  const visit = await first.locator("input[name=id]").getAttribute("value");
  await first.getByLabel("Note før samværet").fill("William sov dårligt, men glæder sig til at se mor.");
  await first.getByRole("button", { name: "Send noten" }).click();
  await expect(phone.locator(".notice-ok")).toContainText("Noten er sendt til konsulenten.");
  await expect(phone.locator(".handover .notes").first()).toContainText("William sov dårligt");
  await axeClean(phone, "/kanal (anbringelsessted)");
  await shot(phone, "anbringelsessted-390");

  await staff.goto(`/booking/aftale/${visit}`);
  await expect(staff.getByRole("heading", { name: "Noter fra anbringelsesstedet" })).toBeVisible();
  await expect(staff.locator("#indhold")).toContainText("Hanne Holm, Plejefamilien Holm");
  await expect(staff.locator("#indhold")).toContainText("William sov dårligt, men glæder sig til at se mor.");
  await axeClean(staff, "/booking/aftale/:id (noter)");
  await shot(staff, "aftale-noter-1280");
});
