// Samvær's service worker. It keeps the app shell (build files, icons, an offline page) and the
// parent's own pages as last seen, so a phone without a connection still shows the visits, marked
// with an offline banner. Everything saved is deleted when someone signs out, when the sign-in
// page is shown, and whenever a page is answered for someone else than the pages were saved for
// (the server's X-Samvaer-Who header: a sign-in by link, another parent on the same phone).
// Pages are always fetched fresh first; the saved copy is only used when that fails.
const SHELL = "samvaer-shell-v2";
const PAGES = "samvaer-pages-v3";
const PRECACHE = ["/offline.html", "/offline.css", "/manifest.webmanifest", "/icons/icon.svg", "/icons/icon-192.png"];
// The parent's pages worth keeping (the visit list, one visit, contact, about, the messages).
const KEEP = [/^\/mine-samvaer$/, /^\/mine-samvaer\/\d+$/, /^\/kontakt$/, /^\/om-samvaer$/, /^\/mine-beskeder$/, /^\/kanal$/];

// Build files with a content hash in the name never change: cache first. Everything else in the
// shell is fetched fresh when online.
const HASHED = /^\/pkg\/samvaer\.[A-Za-z0-9_-]+\.(js|wasm|css)$/;

const keepable = (url) => KEEP.some((re) => re.test(url.pathname));
// One saved copy per page: the query only matters for the visit list's tab.
const pageKey = (url) => {
  const tab = url.searchParams.get("fane");
  return url.origin + url.pathname + (tab ? `?fane=${encodeURIComponent(tab)}` : "");
};
const forget = () => caches.delete(PAGES);
// Whom the saved pages belong to, kept beside them (so it goes when they go).
const WHO = "/__samvaer_who";

async function checkWho(response) {
  const who = response.headers.get("x-samvaer-who");
  if (who === null) return;
  const cache = await caches.open(PAGES);
  const saved = await cache.match(WHO);
  const before = saved ? await saved.text() : null;
  if (before !== null && before !== who) {
    await forget();
  }
  if (before !== who) await (await caches.open(PAGES)).put(WHO, new Response(who));
}

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n !== SHELL && n !== PAGES).map((n) => caches.delete(n)));
    await self.clients.claim();
    // The page that registered us was loaded before we ran: save it now.
    for (const client of await self.clients.matchAll({ type: "window" })) {
      const url = new URL(client.url);
      if (keepable(url)) await refresh(new Request(url.pathname + url.search, { credentials: "same-origin" }));
    }
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "forget") event.waitUntil(forget());
  // A page loaded before we controlled it asks to be saved (only the parent's own pages are).
  const from = event.source && event.source.url ? new URL(event.source.url) : null;
  if (event.data === "save" && from && from.origin === self.location.origin && keepable(from)) {
    event.waitUntil(refresh(new Request(from.pathname + from.search, { credentials: "same-origin" })).catch(() => {}));
  }
});

// Fetches a page and saves it if it is the parent's own, complete page. A page that now sends the
// visitor to sign in (session over, access ended) means nothing saved may be shown any more.
async function refresh(request) {
  const response = await fetch(request);
  await checkWho(response);
  const toSignIn = response.type === "opaqueredirect" || (response.redirected && new URL(response.url).pathname === "/logind");
  if (toSignIn || response.status === 401 || response.status === 403) {
    await forget();
  } else if (response.ok && response.type === "basic" && !response.redirected) {
    const cache = await caches.open(PAGES);
    // Saved only for whom the pages are kept right now: a save that was overtaken by a sign-out
    // or by another person's page (two fetches at once) is dropped, not kept under their name.
    const who = response.headers.get("x-samvaer-who");
    const owner = await cache.match(WHO);
    if (who !== null && owner && (await owner.text()) === who) {
      await cache.put(pageKey(new URL(request.url)), response.clone());
    }
  }
  return response;
}

// A saved copy, marked so the page shows its offline banner (CSS: body[data-offline]).
async function savedCopy(request) {
  const saved = await caches.match(pageKey(new URL(request.url)), { cacheName: PAGES });
  const owner = await caches.match(WHO, { cacheName: PAGES });
  // Only a copy saved for the person the pages are kept for now.
  const mine = saved && owner && saved.headers.get("x-samvaer-who") === (await owner.text());
  if (!mine) return caches.match("/offline.html");
  const html = (await saved.text()).replace("<body", '<body data-offline="true"');
  return new Response(html, { status: 200, headers: saved.headers });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    if (url.pathname === "/api/auth/sign_out") event.waitUntil(forget());
    return;
  }
  if (HASHED.test(url.pathname)) {
    event.respondWith((async () => {
      const hit = await caches.match(request, { cacheName: SHELL });
      if (hit) return hit;
      const response = await fetch(request);
      if (response.ok) {
        const cache = await caches.open(SHELL);
        // A new build replaces the old one: drop earlier versions of the same kind of file.
        const kind = url.pathname.split(".").pop();
        for (const old of await cache.keys()) {
          const p = new URL(old.url).pathname;
          if (HASHED.test(p) && p.endsWith(`.${kind}`) && p !== url.pathname) await cache.delete(old);
        }
        await cache.put(request, response.clone());
      }
      return response;
    })());
    return;
  }
  if (url.pathname.startsWith("/pkg/") || url.pathname.startsWith("/icons/") || PRECACHE.includes(url.pathname)) {
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        if (response.ok) await (await caches.open(SHELL)).put(request, response.clone());
        return response;
      } catch (offline) {
        const hit = await caches.match(request, { cacheName: SHELL });
        if (hit) return hit;
        throw offline;
      }
    })());
    return;
  }
  if (request.mode !== "navigate") return;
  if (url.pathname === "/logind") {
    event.waitUntil(forget());
    return;
  }
  if (keepable(url)) {
    event.respondWith(refresh(request).catch(() => savedCopy(request)));
    return;
  }
  event.respondWith((async () => {
    try {
      const response = await fetch(request);
      await checkWho(response);
      return response;
    } catch (offline) {
      return caches.match("/offline.html");
    }
  })());
});
