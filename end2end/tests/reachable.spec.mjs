// Reachable by keyboard and by finger (WCAG 2.1 AA and the 44 px the UX guide asks for), checked
// in Chromium's computed styles on the portal's and the staff's pages: every button, field,
// tab and menu link is at least 44 px tall, and the focus ring keyboard users follow contrasts
// at least 3:1 with what surrounds it, on light pages and on the dark header alike.
import { test, expect } from "@playwright/test";
import { signIn, shot } from "./helpers.mjs";

const PAGES = {
  "mette@demo.test": ["/mine-samvaer", "/kontakt", "/om-samvaer", "/kalender", "/mine-beskeder"],
  "koordinator@demo.test": [
    "/oversigt", "/booking", "/booking?visning=dag", "/booking/ny", "/booking/find-tid", "/booking/weekender",
    "/bemanding", "/beskeder", "/sager", "/beskrivelser", "/henvisninger",
  ],
  "leder@demo.test": ["/tal/beskrivelser"],
  "admin@demo.test": ["/admin/brugere", "/admin/centre", "/admin/steder"],
};
const LANDING = { "mette@demo.test": "/mine-samvaer", "admin@demo.test": "/admin/brugere" };

/** Targets under 44 px tall: buttons, fields, selects, tabs and the main menu's links. */
async function smallTargets(page) {
  return page.evaluate(() => {
    const sel = "button, select, .btn, .tab, .mainnav a, input:not([type=hidden]):not([type=checkbox]):not([type=radio])";
    return [...document.querySelectorAll(sel)]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
      .map((el) => ({ el, h: el.getBoundingClientRect().height }))
      .filter(({ h }) => h < 43.5)
      .map(({ el, h }) => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent || el.name || "").trim().slice(0, 30)}" ${h.toFixed(1)} px`);
  });
}

/** Header links and buttons whose place on screen comes before the one before them in the
 *  document (and so in the tab order): rows top to bottom, each left to right. */
async function headerOutOfOrder(page) {
  return page.evaluate(() => {
    const items = [...document.querySelectorAll(".topbar a, .topbar button")].filter((el) => el.getClientRects().length > 0);
    const out = [];
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [items[i - 1].getBoundingClientRect(), items[i].getBoundingClientRect()];
      const sameRow = Math.abs(a.top + a.height / 2 - (b.top + b.height / 2)) < Math.max(a.height, b.height) / 2;
      if (sameRow ? b.left < a.left : b.top < a.top) out.push(`${items[i].textContent.trim()} before ${items[i - 1].textContent.trim()}`);
    }
    return out;
  });
}

/** The focused element's ring: the best contrast of its colours with the background around it. */
async function ringContrast(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const rgb = (text) => [...text.matchAll(/rgba?\(([^)]+)\)/g)].map((m) => m[1].split(",").map((v) => parseFloat(v)));
    const lum = ([r, g, b]) => {
      const f = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    let bg = null;
    for (let n = el.parentElement; n && !bg; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor)[0];
      if (c && (c.length < 4 || c[3] > 0.9)) bg = c;
    }
    bg = bg || [255, 255, 255];
    const style = getComputedStyle(el);
    if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) return { what: el.outerHTML.slice(0, 80), best: 0 };
    const colours = [...rgb(style.outlineColor), ...rgb(style.boxShadow)].filter((c) => c.length < 4 || c[3] > 0.9);
    return { what: el.outerHTML.slice(0, 80), best: Math.max(...colours.map((c) => ratio(c, bg))) };
  });
}

for (const [who, pages] of Object.entries(PAGES)) {
  test(`tap targets and focus rings: ${who}`, async ({ browser }) => {
    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
      const context = await browser.newContext({ viewport, locale: "da-DK", timezoneId: "Europe/Copenhagen" });
      const page = await context.newPage();
      await signIn(page, who, LANDING[who] || "/oversigt");
      let focused = 0;
      for (const path of pages) {
        const res = await page.goto(path);
        expect(res.status(), path).toBe(200);
        expect(await smallTargets(page), `${path} at ${viewport.width} px`).toEqual([]);
        expect(await headerOutOfOrder(page), `${path}: the header's tab order is its visual order`).toEqual([]);
        // The first dozen stops of the keyboard, the header's among them.
        for (let i = 0; i < 12; i++) {
          await page.keyboard.press("Tab");
          const ring = await ringContrast(page);
          if (!ring) continue;
          focused += 1;
          expect(ring.best, `${path}: focus ring on ${ring.what}`).toBeGreaterThanOrEqual(3);
        }
      }
      expect(focused, "the keyboard reached elements").toBeGreaterThan(pages.length * 5);
      if (who === "koordinator@demo.test") {
        await page.goto("/oversigt");
        await page.keyboard.press("Tab");
        await page.keyboard.press("Tab");
        await shot(page, `focus-header-${viewport.width}`);
      }
      if (who === "mette@demo.test") await shot(page, `tap-targets-portal-${viewport.width}`);
      await context.close();
    }
  });
}
