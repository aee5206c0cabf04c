// Secure channels in real Chromium, with the app's mail caught by a local SMTP sink and its SMS
// written to a folder (scripts/test.sh starts both): a consultant writes to a family and sends a
// link by SMS; in a fresh browser the parent opens it, confirms with the code from the SMTP sink,
// reads and replies; the consultant sees the reply and that the message was read.
import { test, expect } from "@playwright/test";
import { DESK, MAIL, PHONE, SMS, axeClean, hydrated, received, shot, signIn } from "./helpers.mjs";

test("a consultant sends a secure link; the parent confirms with a code, reads and replies", async ({ browser }) => {
  const desk = await browser.newContext(DESK);
  const staff = await desk.newPage();
  await signIn(staff, "konsulent@demo.test", "/oversigt");
  await staff.getByRole("link", { name: "Beskeder" }).click();
  await staff.getByRole("link", { name: "F-01 · M.N." }).click();
  const words = "Hej Mette. Husk Frejas gummistøvler på lørdag.";
  await staff.getByLabel("Skriv en besked").fill(words);
  await staff.getByRole("button", { name: "Send", exact: true }).click();
  await expect(staff.locator(".thread")).toContainText("gummistøvler");
  await staff.getByLabel("Forælder").selectOption({ label: "Mette Nielsen (har adgangskode)" });
  await staff.getByLabel("Send linket med").selectOption("sms");
  await staff.getByRole("button", { name: "Opret og send link" }).click();
  await expect(staff.locator(".notice-ok")).toContainText("Linket er oprettet og sendt");
  await expect(staff.locator(".links")).toContainText("Mette Nielsen");
  await axeClean(staff, "staff thread");

  // The message notice arrives by e-mail, the link by SMS: a link, never the message.
  const invite = await received(SMS, "30 40 50 60", "/k/");
  const notice = await received(MAIL, "mette@demo.test", "Du har en ny besked");
  for (const text of [invite, notice]) {
    expect(text).not.toContain("gummistøvler");
    expect(text).not.toContain("Freja");
  }
  const link = invite.match(/https?:\/\/\S+\/k\/[A-Za-z0-9_-]{43}/)[0];

  // A fresh browser: the link alone shows no messages; the code, sent the other way (by e-mail,
  // taken from the SMTP sink), opens them.
  const phoneContext = await browser.newContext(PHONE);
  const phone = await phoneContext.newPage();
  await phone.goto(link);
  await expect(phone.getByRole("heading", { name: "Hej Mette Nielsen" })).toBeVisible();
  await expect(phone.locator("body")).not.toContainText("gummistøvler");
  await axeClean(phone, "link page");
  await shot(phone, "channel-link-390");
  await phone.getByRole("button", { name: "Send mig en kode" }).click();
  await expect(phone.locator(".notice-ok")).toContainText("Vi har sendt en kode til");
  const codeMail = await received(MAIL, "mette@demo.test", "Din kode");
  expect(codeMail).not.toContain("gummistøvler");
  const code = codeMail.match(/er (\d{6})\./)[1];
  await phone.getByLabel("Kode (6 cifre)").fill(code);
  await shot(phone, "channel-code-390");
  await phone.getByRole("button", { name: "Bekræft" }).click();
  await expect(phone).toHaveURL(/\/mine-beskeder$/);
  await expect(phone.locator(".thread")).toContainText(words);
  await phone.getByLabel("Skriv en besked").fill("Tak, det husker vi.");
  await phone.getByRole("button", { name: "Send", exact: true }).click();
  // The outbox shows it at once; the thread has it once the page has come back from the server.
  await expect(phone.locator(".thread .bubble.mine")).toContainText("Tak, det husker vi.");
  await expect(phone.locator(".outbox")).not.toContainText("Tak, det husker vi.");
  await axeClean(phone, "parent thread");
  await shot(phone, "channel-parent-thread-390");

  // Written on a dead line: kept on the phone, marked as not sent, sent when the line is back.
  await hydrated(phone);
  await phoneContext.setOffline(true);
  await phone.getByLabel("Skriv en besked").fill("Skrevet i toget uden net");
  await phone.getByRole("button", { name: "Send", exact: true }).click();
  await expect(phone.locator(".outbox")).toContainText("Ikke sendt endnu");
  await expect(phone.locator(".outbox")).toContainText("Skrevet i toget uden net");
  await shot(phone, "channel-outbox-offline-390");
  await phoneContext.setOffline(false);
  await expect(phone.locator(".thread")).toContainText("Skrevet i toget uden net", { timeout: 15_000 });
  await expect(phone.locator(".outbox")).not.toContainText("Ikke sendt");

  // Refused by the server (the session is gone): marked as not sent with why, kept until it is
  // tried again or deleted, never retried blindly.
  await hydrated(phone);
  await phoneContext.clearCookies();
  await phone.getByLabel("Skriv en besked").fill("Skrevet efter log ud");
  await phone.getByRole("button", { name: "Send", exact: true }).click();
  await expect(phone.locator(".outbox")).toContainText("Ikke sendt: du er ikke logget ind længere");
  await expect(phone.locator(".outbox")).toContainText("Skrevet efter log ud");
  await axeClean(phone, "refused outbox");
  await shot(phone, "channel-outbox-refused-390");
  await phone.getByRole("button", { name: "Slet" }).click();
  await expect(phone.locator(".outbox")).not.toContainText("Skrevet efter log ud");

  // The consultant sees the reply and that her message was read.
  await staff.reload();
  await expect(staff.locator(".thread")).toContainText("Tak, det husker vi.");
  await expect(staff.locator(".bubble.mine .read").first()).toHaveText(/^Læst \d{2}\.\d{2}$/);
  await expect(staff.locator(".notices")).toContainText("Sendt");
  await shot(staff, "channel-staff-thread-1280");
  await staff.getByRole("link", { name: "← Beskeder" }).click();
  await expect(staff.locator(".inbox li").first()).toContainText("F-01 · M.N.");
  await shot(staff, "channel-inbox-1280");

  // A closed link explains itself in Danish.
  await phone.goto(link.replace(/.{5}$/, "xxxxx"));
  await expect(phone.getByRole("heading", { name: "Linket kan ikke bruges" })).toBeVisible();
  await shot(phone, "channel-link-closed-390");
  await desk.close();
  await phoneContext.close();
});
