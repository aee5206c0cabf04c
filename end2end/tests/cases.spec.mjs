// Ending a case in the browser: the coordinator opens a child's case, closes it with a reason,
// sees it read-only with its history, and continues it in a new case over a new period.
import { test, expect } from "@playwright/test";
import { axeClean, shot, signIn } from "./helpers.mjs";

test("a coordinator closes a case and continues it in a new one", async ({ page }) => {
  await signIn(page, "koordinator@demo.test", "/oversigt");
  await page.getByRole("link", { name: "Sager", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Sager", level: 1 })).toBeVisible();
  await shot(page, "sager-koordinator-390");
  await page.getByRole("link", { name: /^Aya / }).click();
  await expect(page.getByRole("heading", { name: /^Aya /, level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Historik" })).toBeVisible();
  await axeClean(page, "/sager/:id");
  await shot(page, "sag-390");

  await page.getByLabel("Hvorfor afsluttes sagen?").fill("Aya er flyttet hjem til sin mor.");
  await page.getByRole("button", { name: "Afslut sagen" }).click();
  await expect(page.getByRole("status")).toContainText("Sagen er afsluttet.");
  await expect(page.locator("#indhold")).toContainText("Sagen kan kun læses.");
  await expect(page.locator(".history")).toContainText("Sagen er afsluttet: Aya er flyttet hjem til sin mor.");
  await expect(page.getByRole("button", { name: "Afslut sagen" })).toHaveCount(0);
  await axeClean(page, "/sager/:id closed");
  await shot(page, "sag-afsluttet-390");

  await page.getByLabel("Afgørelsen gælder fra").fill("2027-02-01");
  await page.getByLabel("Til og med").fill("2027-07-31");
  await page.getByRole("button", { name: "Opret den nye sag" }).click();
  await expect(page.getByRole("status")).toContainText("Den nye sag er oprettet");
  await expect(page.locator("#indhold")).toContainText("1. februar 2027 – 31. juli 2027");
  await expect(page.getByRole("link", { name: "Den afsluttede sag" })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, "sag-ny-1280");
});

test("a caseworker withdraws a consent and the parent sees the visits it covered as cancelled", async ({ page }) => {
  // From ten weeks ahead, so the visits before it (which other tests use) stay.
  const from = new Date(Date.now() + 70 * 86_400_000).toISOString().slice(0, 10);
  await signIn(page, "pia.lund@demo.test", "/sager");
  await page.getByRole("link", { name: /^Emil / }).click();
  await expect(page.getByRole("heading", { name: "Samtykke til støttet samvær (§ 104)" })).toBeVisible();
  await expect(page.locator(".consent").first()).toContainText("Louise Hansen (forældremyndighed)");
  // The course of the period: counts, the timeline and the list with who cancelled and why.
  await expect(page.getByRole("heading", { name: "Samvær og møder i perioden" })).toBeVisible();
  await expect(page.locator("#course-title + p")).toContainText(/\d+ afholdt · \d+ aflyst · \d+ udeblevet · \d+ planlagt/);
  await expect(page.locator(".course")).toContainText("Aflyst af forælder: Forælder syg");
  await axeClean(page, "/sager/:id consents");
  await shot(page, "sag-samtykke-390");
  await page.getByLabel(/^Dato: Træk samtykket tilbage for Louise Hansen/).fill(from);
  await page.getByRole("button", { name: /^Træk samtykket tilbage for Louise Hansen/ }).click();
  await expect(page.getByRole("status")).toContainText("Samtykket er trukket tilbage.");
  await expect(page.locator(".history")).toContainText("Samtykke trukket tilbage: Louise Hansen (forældremyndighed)");
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, "sag-samtykke-1280");

  await page.getByRole("button", { name: "Log ud" }).click();
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "louise@demo.test", "/mine-samvaer");
  await expect(page.locator(".visit-row.is-cancelled").filter({ hasText: "Aflyst af rådgiver" }).first()).toBeVisible();
  await expect(page.locator(".visit-row:not(.is-cancelled)").first()).toBeVisible();
  await shot(page, "mine-samvaer-samtykke-390");
});

test("a coordinator records a § 105 suspension and a changed term, and the overview says what it did", async ({ page }) => {
  // Ten to twelve weeks ahead, so the visits other tests use stay.
  const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  await signIn(page, "koordinator@demo.test", "/oversigt");
  await page.getByRole("link", { name: "Sager", exact: true }).click();
  await page.getByRole("link", { name: /^Ida / }).click();
  await expect(page.getByRole("heading", { name: "Afgørelser og pauser" })).toBeVisible();
  await page.getByLabel("Afgørelse", { exact: true }).selectOption("suspension");
  await page.getByLabel("Gælder fra", { exact: true }).fill(day(70));
  await page.locator("#decision-to").fill(day(84));
  await page.getByLabel("Note (kun for personalet)").fill("Børne- og ungeudvalget");
  await page.getByRole("button", { name: "Registrér afgørelsen" }).click();
  await expect(page.getByRole("status")).toContainText("Afgørelsen er registreret.");
  await expect(page.locator(".decision").first()).toContainText("Suspension af samvær (§ 105)");
  await expect(page.locator(".history")).toContainText("Ny afgørelse: Suspension af samvær (§ 105)");

  // A period that ends before it starts is refused next to the form, with the field marked.
  await page.getByText("Samværsform, periode, omfang og vilkår").click();
  const to = await page.locator("#terms-to").inputValue();
  await page.locator("#terms-to").fill("2020-01-01");
  await page.getByRole("button", { name: "Gem ændringen" }).click();
  await expect(page.getByRole("alert")).toContainText("Afgørelsen slutter, før den begynder.");
  await expect(page.locator("#terms-to")).toHaveAttribute("aria-invalid", "true");
  await axeClean(page, "/sager/:id decisions");
  await shot(page, "sag-afgoerelser-390");
  await page.locator("#terms-to").fill(to);
  await page.getByLabel("Minutter pr. samvær").fill("150");
  await page.getByRole("button", { name: "Gem ændringen" }).click();
  await expect(page.getByRole("status")).toContainText("Afgørelsen om samvær er ændret.");
  await expect(page.locator(".history")).toContainText("Omfang: ");
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, "sag-afgoerelser-1280");

  // Handed to another caseworker, with a line in the history.
  await page.getByLabel("Ny rådgiver").selectOption({ label: "Pia Lund, Fjordby Kommune" });
  await page.getByRole("button", { name: "Overdrag sagen" }).click();
  await expect(page.getByRole("status")).toContainText("Sagen er overdraget til den nye rådgiver.");
  await expect(page.locator(".history")).toContainText("Sagen er overdraget: ");
  await expect(page.locator("#indhold")).toContainText("Pia Lund");

  await page.goto("/oversigt");
  await expect(page.getByRole("heading", { name: "Ændringer i sager" })).toBeVisible();
  await expect(page.locator(".case-notices")).toContainText("Ny afgørelse: Suspension af samvær (§ 105)");
  await axeClean(page, "/oversigt case notices");
  await shot(page, "oversigt-sagsaendringer-1280");
});
