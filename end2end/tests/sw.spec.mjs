// The service worker keeps a parent's pages for offline use, and forgets them when the phone is
// used by someone else, also when the next person signs in without the sign-in page (a link).
import { test, expect } from "@playwright/test";
import { signIn, hydrated, PASSWORD } from "./helpers.mjs";

const saved = (page, path) => page.evaluate(async (p) => !!(await caches.match(p)), path);

test("another person on the same phone never sees the pages saved for the one before", async ({ page, context, baseURL }) => {
  await signIn(page, "mette@demo.test", "/mine-samvaer");
  await hydrated(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.goto("/kontakt");
  await expect.poll(() => saved(page, "/kontakt"), { timeout: 15_000 }).toBe(true);

  // Louise's session replaces Mette's without the sign-in page (as a sign-in by link does).
  const res = await page.request.post("/api/auth/sign_in", {
    form: { email: "louise@demo.test", password: PASSWORD },
    headers: { Origin: baseURL },
  });
  expect(res.status()).toBe(200);
  await page.goto("/mine-samvaer");
  await expect(page.locator("body")).toContainText("Emil");
  await expect.poll(() => saved(page, "/kontakt")).toBe(false);

  // Offline, Mette's contact page is gone; Louise's own visits are there.
  await context.setOffline(true);
  await page.goto("/kontakt").catch(() => {});
  await expect(page.getByRole("heading", { name: "Du er offline" })).toBeVisible();
  await page.goto("/mine-samvaer").catch(() => {});
  await expect(page.locator("body")).toContainText("Emil");
  await expect(page.locator("body")).not.toContainText("Freja");
  await context.setOffline(false);
});
