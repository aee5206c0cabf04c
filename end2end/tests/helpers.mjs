import { expect } from "@playwright/test";

export const PASSWORD = "samvaer-demo";

/** Signs in through the real form and waits for the landing page. */
export async function signIn(page, email, landing) {
  await page.goto("/logind");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Adgangskode").fill(PASSWORD);
  await page.getByRole("button", { name: "Log ind" }).click();
  await expect(page).toHaveURL(new RegExp(`${landing}$`));
}

/** Waits until the wasm has hydrated the page (frontend marks <body data-hydrated>). */
export async function hydrated(page) {
  await page.locator("body[data-hydrated=true]").waitFor({ state: "attached", timeout: 20_000 });
}

/** A screenshot for people to look at (not compared). */
export async function shot(page, name) {
  await page.screenshot({ path: `../screenshots/${name}.png`, fullPage: true });
}
