// Booking in real Chromium: a consultant finds a free Saturday for a sibling pair, books it every
// second week with one date left out, sees it on the week board, moves one occurrence, and the
// parent sees the new time.
import { test, expect } from "@playwright/test";
import { signIn, shot, axeClean } from "./helpers.mjs";

/** YYYY-MM-DD of the first Saturday at least `days` days from today (local time). */
function saturdayAfter(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  while (d.getDay() !== 6) d.setDate(d.getDate() + 1);
  return iso(d);
}

function iso(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T12:00:00`);
  d.setDate(d.getDate() + days);
  return iso(d);
}

test("a consultant books a biweekly Saturday series for siblings, moves one, the parent sees it", async ({ browser }) => {
  const desk = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "da-DK", timezoneId: "Europe/Copenhagen" });
  const page = await desk.newPage();
  await signIn(page, "konsulent@demo.test", "/oversigt");
  await page.getByRole("link", { name: "Find tid" }).click();
  const from = saturdayAfter(21);
  await page.getByLabel("Familie").selectOption({ label: "F-01 · FN, ON" });
  await page.getByLabel("Fra dato").fill(from);
  await page.getByLabel("Dage").selectOption("6");
  await page.getByLabel("Konsulent").selectOption({ label: "Karen Holst" });
  // Offers leave room for a guidance talk before the visit (the place must be open for it too).
  await page.getByLabel("Vejledning før").selectOption("15");
  await page.getByRole("button", { name: "Find tider" }).click();
  const first = page.locator(".offers li").first();
  await expect(first).toContainText(/lørdag \d{1,2}\. \w+ kl\. \d{2}\.\d{2}/);
  await axeClean(page, "find a slot");
  await shot(page, "booking-find-1280");
  await first.getByRole("link", { name: "Book" }).click();

  // The form comes prefilled from the offer, the talk included; make it every second week for six weeks.
  await expect(page).toHaveURL(/\/booking\/ny\?/);
  const date = await page.getByLabel("Dato", { exact: true }).inputValue();
  const time = await page.getByLabel("Starttid").inputValue();
  expect(new Date(`${date}T12:00:00`).getDay()).toBe(6);
  // Dates are picked with date fields: the series' own dates only for "Egne datoer", the dates to
  // leave out only for a series. Leave out the third of four.
  await expect(page.getByLabel("Spring over 1")).toBeHidden();
  await page.getByLabel("Gentag", { exact: true }).selectOption("custom");
  await expect(page.getByLabel("Egen dato 1")).toBeVisible();
  await page.getByLabel("Gentag", { exact: true }).selectOption("2");
  await expect(page.getByLabel("Egen dato 1")).toBeHidden();
  await page.getByLabel("Til og med").fill(addDays(date, 42));
  await page.getByLabel("Spring over 1").fill(addDays(date, 28));
  await expect(page.getByLabel("Vejledning før")).toHaveValue("15");
  await axeClean(page, "booking form");
  await shot(page, "booking-form-1280");
  await page.getByRole("button", { name: "Book", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Booket: 3 aftaler i serien");
  await expect(page.locator(".appt-facts")).toContainText("Vejledning før");
  const url = page.url();

  // On the week board, with the family code and the children's initials, never their names.
  await page.getByRole("link", { name: "Se ugen" }).click();
  const block = page.locator(`a.block[href^="/booking/aftale/"]`, { hasText: "F-01 · FN, ON" }).filter({ hasText: time.replace(":", ".") });
  await expect(block.first()).toBeVisible();
  await expect(page.locator(".board")).not.toContainText("Freja");
  await axeClean(page, "week board");
  await shot(page, "booking-week-1280");
  await page.getByRole("link", { name: "Uge · konsulenter" }).click();
  await expect(page.locator(".board")).toContainText("Karen Holst");
  await axeClean(page, "consultants' week");
  await shot(page, "booking-staff-week-1280");

  // Move only the first occurrence to the Monday after, 17.00 in Rum 2.
  await page.goto(url);
  const monday = addDays(date, 2);
  await page.locator("#move-date").fill(monday);
  await page.locator("#move-time").fill("17:00");
  await page.locator("#move-place").selectOption({ label: "Rum 2 · Havtornen" });
  await page.getByRole("button", { name: "Flyt kun denne" }).click();
  await expect(page.getByRole("status")).toContainText("Flyttet");
  await expect(page.locator(".history")).toContainText("Karen Holst · Flyttet fra lørdag");
  await expect(page.locator(".appt-facts")).toContainText("Serie");
  await axeClean(page, "appointment");
  await shot(page, "booking-appointment-1280");

  // The week board shows the moved occurrence at 17.00 on the Monday; the next one keeps its time.
  await page.goto(`/booking?dato=${monday}`);
  const moved = page.locator(`a.block[href="/booking/aftale/${url.match(/aftale\/(\d+)/)[1]}"]`);
  await expect(moved).toContainText("17.00");
  await expect(moved).toContainText("F-01 · FN, ON");
  await shot(page, "booking-week-moved-1280");
  await page.goto(`/booking?dato=${addDays(date, 14)}`);
  await expect(page.locator("a.block", { hasText: "F-01 · FN, ON" }).filter({ hasText: time.replace(":", ".") }).first()).toBeVisible();
  await desk.close();

  // The parent sees the moved time at once.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "da-DK", timezoneId: "Europe/Copenhagen" });
  const parent = await phone.newPage();
  await signIn(parent, "mette@demo.test", "/mine-samvaer");
  const id = url.match(/aftale\/(\d+)/)[1];
  await parent.goto(`/mine-samvaer/${id}`);
  await expect(parent.locator("body")).toContainText(/Flyttet fra lørdag \d{1,2}\. \w+ kl\. \d{2}\.\d{2}/);
  await expect(parent.locator("body")).toContainText(/mandag \d{1,2}\. \w+ kl\. 17\.00/);
  await expect(parent.locator("body")).toContainText("Rum 2");
  await shot(parent, "booking-parent-sees-move-390");
  await phone.close();
});

test("the day view works at phone size; hourly staff see capacity, parents no board", async ({ browser }) => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "da-DK", timezoneId: "Europe/Copenhagen" });
  const page = await phone.newPage();
  await signIn(page, "koordinator@demo.test", "/oversigt");
  const saturday = saturdayAfter(0);
  await page.goto(`/booking?visning=dag&dato=${saturday}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Booking");
  await expect(page.getByRole("heading", { level: 2 }).first()).toHaveText(new RegExp(`^lørdag`));
  await expect(page.locator(".day-board thead")).toContainText("Åbent");
  await expect(page.locator(".day-board a.block").first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "only the board frame scrolls sideways").toBeLessThanOrEqual(0);
  await axeClean(page, "day view");
  await shot(page, "booking-day-390");
  await page.getByRole("link", { name: "Næste dag ›" }).click();
  await expect(page.getByRole("heading", { level: 2 }).first()).toHaveText(/^søndag/);
  await page.goto("/booking/weekender");
  await expect(page.locator(".capacity tbody tr")).toHaveCount(8);
  await axeClean(page, "weekends");
  await shot(page, "booking-weekends-390");
  // A visit nobody is on yet: its row says so first, at phone width, and is one tap to the appointment.
  await page.goto("/booking/ny");
  await page.getByLabel("Familie (kode og børnenes initialer)").selectOption({ label: "F-02 · EH" });
  await page.getByLabel("Sted").selectOption({ label: "Rum 3 · Egernet" });
  await page.getByLabel("Dato", { exact: true }).fill(addDays(saturday, 28));
  await page.getByLabel("Starttid").fill("10:00");
  await page.getByLabel("Varighed (minutter)").fill("60");
  await page.getByLabel("Konsulent", { exact: true }).selectOption({ label: "Ingen endnu (bemandes senere)" });
  await page.getByRole("button", { name: "Book", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Booket");
  await page.goto("/bemanding");
  await expect(page.getByRole("heading", { name: /Mangler konsulent/ })).toBeVisible();
  const row = page.locator(".slot.is-unstaffed").filter({ hasText: "F-02 · EH" }).first();
  const badge = row.getByText("Mangler konsulent", { exact: true });
  await expect(badge).toBeVisible();
  const box = await badge.boundingBox();
  expect(box.x + box.width, "the badge is on screen at 390 px").toBeLessThanOrEqual(390);
  await expect(row.locator("a.slot-link")).toHaveAttribute("href", /^\/booking\/aftale\/\d+$/);
  await expect(row).not.toContainText("Emil");
  await axeClean(page, "staffing");
  await shot(page, "booking-staffing-390");
  await phone.close();

  const hourly = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "da-DK", timezoneId: "Europe/Copenhagen" });
  const h = await hourly.newPage();
  await signIn(h, "timelonnet@demo.test", "/oversigt");
  await h.goto(`/booking?dato=${saturday}`);
  await expect(h.locator(".board")).toContainText("Optaget");
  await expect(h.getByRole("link", { name: "Book", exact: true })).toHaveCount(0);
  await h.goto("/bemanding");
  await h.getByLabel("Dato").fill(addDays(saturday, 14));
  await h.getByRole("button", { name: "Meld tid" }).click();
  await expect(h.getByRole("status")).toContainText("Din tid er gemt");
  await expect(h.locator("body")).toContainText(/lørdag \d{1,2}\. \w+ 09\.00–17\.00/);
  await axeClean(h, "staffing (hourly)");
  await hourly.close();

  const parent = await browser.newContext();
  const p = await parent.newPage();
  await signIn(p, "mette@demo.test", "/mine-samvaer");
  await p.goto("/booking");
  await expect(p.getByRole("alert")).toBeVisible();
  await expect(p.locator("body")).not.toContainText("F-0");
  await parent.close();
});
