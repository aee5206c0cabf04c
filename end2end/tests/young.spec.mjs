// The young person's own sign-in in real Chromium: the administrator gives Sofia (15) an
// account; she signs in to her own page, sees her coming visits, asks for a talk and takes her
// consent to supported visits back (her visits show as cancelled); the coordinator's overview
// has the notice (the family's code and her initial).
import { test, expect } from "@playwright/test";
import { PASSWORD, axeClean, shot, signIn } from "./helpers.mjs";

test("a young person signs in to their own visits, asks for a talk and withdraws their consent", async ({ page }) => {
  await signIn(page, "admin@demo.test", "/admin/brugere");
  await page.getByLabel("Navn").fill("Sofia Christensen");
  await page.getByLabel("E-mail", { exact: true }).fill("sofia@demo.test");
  await page.getByLabel("Rolle").selectOption("young");
  const sofia = await page.locator("#child_id option", { hasText: "Sofia Christensen" }).getAttribute("value");
  await page.getByLabel("Den unge selv (kun unge fra 15 år)").selectOption(sofia);
  await page.getByLabel("Adgangskode (mindst 10 tegn)").fill(PASSWORD);
  await page.getByRole("button", { name: "Opret", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Brugeren er oprettet.");
  await page.getByRole("button", { name: "Log ud" }).click();

  await signIn(page, "sofia@demo.test", "/ung");
  await expect(page.getByRole("heading", { name: "Hej Sofia", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Dine næste samvær" })).toBeVisible();
  await expect(page.locator("#indhold li").first()).toContainText("Støttet samvær");
  await expect(page.getByRole("link", { name: "Beskeder" })).toHaveCount(0);
  await axeClean(page, "/ung");
  await shot(page, "ung-390");

  await page.getByLabel("En samtale").check();
  await page.getByLabel("Skriv gerne hvorfor (det er frivilligt)").fill("Jeg vil gerne tale om, hvor ofte vi ses.");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Din rådgiver og samværscentret kan se det nu");
  await expect(page.locator("#indhold")).toContainText("Samtale: Jeg vil gerne tale om, hvor ofte vi ses.");

  await page.getByRole("button", { name: "Træk mit samtykke tilbage" }).click();
  await expect(page.getByRole("status")).toContainText("Dit samtykke er trukket tilbage.");
  await expect(page.locator("#indhold")).toContainText("Aflyst");
  await expect(page.getByRole("button", { name: "Giv mit samtykke" })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, "ung-1280");
  await page.getByRole("button", { name: "Log ud" }).click();

  await signIn(page, "koordinator@demo.test", "/oversigt");
  await expect(page.locator("#indhold")).toContainText("F-05 (S.): Den unge beder om en samtale.");
});
