import { test, expect } from "@playwright/test";
import { signIn, hydrated, shot, DANISH_DATE } from "./helpers.mjs";

test("a parent signs in and sees their next visit, then signs out", async ({ page }) => {
  await page.goto("/logind");
  await hydrated(page);
  await shot(page, "signin-390");
  await signIn(page, "mette@demo.test", "/mine-samvaer");
  await expect(page.getByRole("heading", { name: "Mine samvær" })).toBeVisible();
  const next = page.locator(".next-visit");
  await expect(next).toContainText("Næste samvær");
  await expect(next.locator(".next-when")).toHaveText(DANISH_DATE);
  await expect(next).toContainText("Freja, Oskar");
  await expect(next).toContainText("Overvåget samvær");
  await expect(page.locator("header")).toContainText("Mette Nielsen");
  await hydrated(page);
  await shot(page, "mine-samvaer-390");

  await next.getByRole("link", { name: /forberedelse/ }).click();
  await expect(page.getByRole("heading", { name: "Forberedelse", exact: true })).toBeVisible();
  await expect(page.locator("body")).toContainText("frugt");
  await shot(page, "visit-390");

  await hydrated(page);
  await page.getByRole("button", { name: "Log ud" }).click();
  await expect(page).toHaveURL(/\/logind$/);
  await page.goto("/mine-samvaer");
  await expect(page).toHaveURL(/\/logind$/);
});

test("a wrong password shows a Danish message", async ({ page }) => {
  await page.goto("/logind");
  await hydrated(page);
  await page.getByLabel("E-mail", { exact: true }).fill("mette@demo.test");
  await page.getByLabel("Adgangskode").fill("forkert-kode");
  await page.getByRole("button", { name: "Log ind" }).click();
  await expect(page.getByRole("alert")).toHaveText("Forkert e-mail eller adgangskode.");
  await expect(page).toHaveURL(/\/logind/);
});

test("a consultant signs in and sees today's visits", async ({ page }) => {
  await signIn(page, "konsulent@demo.test", "/oversigt");
  await expect(page.getByRole("heading", { name: "Oversigt", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "I dag", level: 2 })).toBeVisible();
  const today = page.getByRole("region", { name: /^I dag/ });
  await expect(today.locator(".slot").first()).toBeVisible();
  await expect(page.locator(".week .day")).toHaveCount(7);
  await hydrated(page);
  await shot(page, "oversigt-390");
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, "oversigt-1280");
  await page.getByRole("button", { name: "Log ud" }).click();
  await expect(page).toHaveURL(/\/logind$/);
});

test("screens at desktop width", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/logind");
  await shot(page, "signin-1280");
  await signIn(page, "mette@demo.test", "/mine-samvaer");
  await shot(page, "mine-samvaer-1280");
});

test("a caseworker sees their cases and an administrator the users", async ({ page }) => {
  await signIn(page, "raadgiver@demo.test", "/sager");
  await expect(page.getByRole("heading", { name: "Mine sager" })).toBeVisible();
  await expect(page.locator(".case").first()).toContainText("Afgørelse");
  await shot(page, "sager-390");
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, "sager-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "admin@demo.test", "/admin/brugere");
  await expect(page.getByRole("table")).toContainText("Karen Holst");
  await shot(page, "brugere-390");
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, "brugere-1280");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a parent can sign in and read their visits", async ({ page }) => {
    await signIn(page, "mette@demo.test", "/mine-samvaer");
    await expect(page.locator(".next-visit .next-when")).toHaveText(DANISH_DATE);
  });
});
