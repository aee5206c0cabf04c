// Referral and intake in the browser: a caseworker refers a sibling pair (first refused for
// supported visits with no custody holder marked), the coordinator reads and accepts it, and books
// the kick-off meeting from the accepted referral, writes its minutes, and the mother (given an
// account by the administrator) sees the agreements.
import { test, expect } from "@playwright/test";
import { PASSWORD, axeClean, shot, signIn } from "./helpers.mjs";

const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function fill(page, custody) {
  await page.locator("#child-0-first").fill("Sofie");
  await page.locator("#child-0-last").fill("Holm");
  await page.locator("#child-0-birth").fill("2018-03-01");
  await page.locator("#child-1-first").fill("Malte");
  await page.locator("#child-1-last").fill("Holm");
  await page.locator("#child-1-birth").fill("2020-06-15");
  await page.locator("#placement-0-kind").selectOption("foster_family");
  await page.locator("#placement-0-name").fill("Plejefamilien Bak");
  await page.locator("#placement-0-contact").fill("Plejemor Rikke Bak");
  await page.locator("#placement-0-phone").fill("20 30 40 50");
  await page.locator("#person-0-first").fill("Jannie");
  await page.locator("#person-0-last").fill("Holm");
  await page.locator("#person-0-relation").selectOption("mother");
  if (custody) await page.locator("#person-0-custody").check();
  await page.getByLabel("Samværsform").selectOption("supported");
  await page.locator("#from").fill(day(0));
  await page.locator("#to").fill(day(180));
  await page.locator("#frequency_weeks").fill("2");
  await page.locator("#visit_minutes").fill("120");
  await page.getByLabel("Formål (fra barnets handleplan)").fill("At børnene bevarer kontakten til deres mor.");
}

test("a caseworker refers a sibling pair and the coordinator accepts it and books the kick-off meeting", async ({ page }) => {
  await signIn(page, "raadgiver@demo.test", "/sager");
  await page.getByRole("link", { name: "Henvisninger", exact: true }).click();
  await page.getByRole("link", { name: "Ny henvisning" }).click();
  await expect(page.getByRole("heading", { name: "Ny henvisning", level: 1 })).toBeVisible();
  await axeClean(page, "/henvisninger/ny");
  await fill(page, false);
  await page.getByRole("button", { name: "Send henvisningen" }).click();
  await expect(page.getByRole("alert")).toContainText("Støttet samvær kræver samtykke fra forældremyndighedsindehaveren");
  await expect(page.locator("#person-0-custody")).toHaveAttribute("aria-invalid", "true");
  await shot(page, "henvisning-afvist-390");
  await fill(page, true);
  await page.getByRole("button", { name: "Send henvisningen" }).click();
  await expect(page.getByRole("status")).toContainText("Henvisningen er sendt.");
  await expect(page.getByRole("heading", { name: "Sofie (8 år), Malte (6 år)", level: 1 })).toBeVisible();
  await shot(page, "henvisning-sendt-390");

  await page.getByRole("button", { name: "Log ud" }).click();
  await signIn(page, "koordinator@demo.test", "/oversigt");
  await page.getByRole("link", { name: "Henvisninger", exact: true }).click();
  await page.getByRole("link", { name: "Sofie (8 år), Malte (6 år)" }).first().click();
  await expect(page.locator("#indhold")).toContainText("Plejefamilien Bak");
  await expect(page.locator("#indhold")).toContainText("Jannie Holm · Mor · forældremyndighed");
  await axeClean(page, "/henvisninger/:id");
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, "henvisning-koordinator-1280");
  await page.getByLabel("Familiens konsulent").selectOption({ label: "Karen Holst" });
  await page.getByRole("button", { name: "Modtag og opret sagerne" }).click();
  await expect(page.getByRole("status")).toContainText("Familien og sagerne er oprettet.");
  await expect(page.getByRole("link", { name: "Sofies sag" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Maltes sag" })).toBeVisible();

  await page.getByRole("link", { name: "Book opstartsmødet" }).click();
  await expect(page.getByLabel("Type")).toHaveValue("kickoff_meeting");
  await expect(page.locator("#family_id option:checked")).toContainText("SH, MH");
  await page.getByLabel("Sted").selectOption({ label: "Rum 2 · Havtornen" });
  // A Wednesday ten weeks ahead, in the morning: nothing else is booked there then.
  let n = 70;
  while (new Date(Date.now() + n * 86_400_000).getUTCDay() !== 3) n += 1;
  await page.getByLabel("Dato", { exact: true }).fill(day(n));
  await page.getByLabel("Starttid").fill("09:00");
  await page.getByRole("button", { name: "Book", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Booket");
  await shot(page, "opstartsmoede-booket-1280");

  // The meeting's page has its agenda from the cases; the minutes set the standing agreements.
  await expect(page.getByRole("heading", { name: "Dagsorden for opstartsmødet" })).toBeVisible();
  await expect(page.locator(".agenda")).toContainText("At børnene bevarer kontakten til deres mor.");
  await expect(page.getByRole("link", { name: "Book opfølgningsmødet" })).toBeVisible();
  await page.getByLabel("Forældrenes ønsker: legetøj, mad og aktiviteter").fill("Malte vil gerne bage boller.");
  await page.getByLabel("Familien har set lokaler og have").check();
  await page.getByRole("textbox", { name: "Referat", exact: true }).fill("Vi gennemgik formålet og så stuen og haven.");
  await page.getByLabel("Legetøj", { exact: true }).fill("Duplo og tegnesager står klar på stuen.");
  await page.getByLabel("Mad og drikke", { exact: true }).fill("Jannie tager boller med.");
  await axeClean(page, "/booking/aftale/:id (møde)");
  await page.getByRole("button", { name: "Gem referat og aftaler" }).click();
  await expect(page.getByRole("status")).toContainText("Referatet er gemt. 2 aftaler er ændret");
  await expect(page.getByText(/Skrevet af Lene Friis/)).toBeVisible();
  await shot(page, "opstartsmoede-referat-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "opstartsmoede-referat-390");

  // The administrator gives the mother an account; she sees the agreements in her app.
  await page.getByRole("button", { name: "Log ud" }).click();
  await signIn(page, "admin@demo.test", "/admin/brugere");
  await page.getByLabel("Navn").fill("Jannie Holm");
  await page.getByLabel("E-mail", { exact: true }).fill("jannie.holm@demo.test");
  await page.getByLabel("Rolle").selectOption("parent");
  const jannie = await page.locator("#person_id option", { hasText: "Jannie Holm" }).getAttribute("value");
  await page.getByLabel("Forælder i familien (kun forældre)").selectOption(jannie);
  await page.getByLabel(/^Mobil/).fill("20 30 40 51");
  await page.getByLabel("Adgangskode (mindst 10 tegn)").fill(PASSWORD);
  await page.getByRole("button", { name: "Opret", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Brugeren er oprettet.");
  await page.getByRole("button", { name: "Log ud" }).click();
  await signIn(page, "jannie.holm@demo.test", "/mine-samvaer");
  await page.getByRole("link", { name: /Opstartsmøde/ }).first().click();
  await expect(page.locator(".agreements")).toContainText("Duplo og tegnesager står klar på stuen.");
  await expect(page.locator(".agreements")).toContainText("Jannie tager boller med.");
  await axeClean(page, "/mine-samvaer/:id (opstartsmøde)");
  await shot(page, "forælder-aftaler-390");
});
