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
