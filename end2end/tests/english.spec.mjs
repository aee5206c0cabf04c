// With English chosen, a parent's and a link holder's pages have no Danish left in the words the
// app writes itself (a marker check: common Danish words). People's own text (messages, notes) and
// names, addresses and places are data, marked translate="no" or .prewrap, and are not checked.
import { test, expect } from "@playwright/test";
import { hydrated, signIn } from "./helpers.mjs";

const DANISH = /(?<![\p{L}\d])(og|ikke|du|dig|din|dine|dit|har|kan|skal|til|med|fra|der|som|er|på|af|hvis|når|vi|jeres|eller|samværet|samvær|besked|beskeder|kl\.|aflyst|forælder|familie|ingen|igen|ring|linket|koden?)(?![\p{L}\d])/giu;

/** The page's own words: visible text outside data (translate="no") and people's own text. */
async function ownWords(page) {
  return page.evaluate(() => {
    // Data and people's own text, and what is Danish on purpose (the switch "Læs på dansk", lang="da").
    const skip = (el) => el.closest('[translate="no"], .prewrap, [lang="da"], textarea, script, style, noscript, [hidden]');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const out = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || skip(el) || !n.textContent.trim()) continue;
      const style = getComputedStyle(el);
      if (style.display === "none" || style.visibility === "hidden") continue;
      out.push(n.textContent.trim());
    }
    for (const el of document.querySelectorAll("[aria-label], [placeholder], [title]")) {
      if (skip(el)) continue;
      for (const a of ["aria-label", "placeholder", "title"]) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    }
    out.push(document.title.replace(/ · Samvær$/, ""));
    return out;
  });
}

async function noDanish(page, what, found) {
  for (const line of await ownWords(page)) {
    const hits = [...line.matchAll(DANISH)].map((m) => m[0]);
    if (hits.length) found.push(`${what}: ${hits.join(",")} ← ${line}`);
  }
}

test("a parent's pages in English have no Danish words of the app's own", async ({ page, context, baseURL }) => {
  await signIn(page, "mette@demo.test", "/mine-samvaer");
  await context.addCookies([{ name: "samvaer_sprog", value: "en", url: baseURL }]);
  const found = [];
  let checked = 0;
  for (const path of ["/mine-samvaer", "/mine-samvaer?fane=tidligere", "/om-samvaer", "/kontakt", "/mine-beskeder"]) {
    await page.goto(path);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await noDanish(page, path, found);
    checked++;
  }
  await page.goto("/mine-samvaer");
  const visits = await page.locator('a[href^="/mine-samvaer/"]').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute("href")))]);
  expect(visits.length).toBeGreaterThan(0);
  for (const href of visits.slice(0, 3)) {
    await page.goto(href);
    await noDanish(page, href, found);
    checked++;
  }
  // The outbox reads the reader's language from the page: a message written on a dead line waits
  // in English. It is then forgotten unsent (the other tests read this thread).
  await page.goto("/mine-beskeder");
  await hydrated(page);
  await context.setOffline(true);
  await page.getByLabel("Write a message").fill("Written without a connection");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator(".outbox")).toContainText("Not sent yet – it goes when there is a connection again:");
  await noDanish(page, "a message waiting in the outbox", found);
  await page.evaluate(() => localStorage.clear());
  await context.setOffline(false);
  await page.goto("/side-der-ikke-findes");
  await noDanish(page, "a page that does not exist", found);
  expect(checked).toBe(5 + Math.min(3, visits.length));
  expect(found, "Danish words in English").toEqual([]);
});

test("a link holder's pages in English have no Danish words of the app's own", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "samvaer_sprog", value: "en", url: baseURL }]);
  const found = [];
  await page.goto("/logind");
  await noDanish(page, "/logind", found);
  await page.goto("/k/et-link-der-ikke-findes");
  await noDanish(page, "a closed link", found);
  await page.goto("/kanal");
  await noDanish(page, "/kanal on a device that is not confirmed", found);
  expect(found, "Danish words in English").toEqual([]);
});
