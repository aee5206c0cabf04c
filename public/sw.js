// Samvær's service worker. It keeps the app shell (build files, icons, an offline page) and the
// parent's own pages as last seen, so a phone without a connection still shows the visits, marked
// with an offline banner. Everything saved is deleted when someone signs out or the sign-in page
// is shown. Pages are always fetched fresh first; the saved copy is only used when that fails.
const SHELL = "samvaer-shell-v1";
const PAGES = "samvaer-pages-v1";
const PRECACHE = ["/offline.html", "/offline.css", "/manifest.webmanifest", "/icons/icon.svg", "/icons/icon-192.png"];
// The parent's pages that are worth keeping (the visit list, one visit, contact, about).
const KEEP = [/^\/mine-samvaer$/, /^\/mine-samvaer\/\d+$/, /^\/kontakt$/, /^\/om-samvaer$/];

const keepable = (url) => KEEP.some((re) => re.test(url.pathname));
const forget = () => caches.delete(PAGES);

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
});

// Fetches a page and saves it if it is the parent's own, complete page (not a redirect to sign-in).
async function refresh(request) {
  const response = await fetch(request);
  if (response.ok && response.type === "basic" && !response.redirected) {
    const cache = await caches.open(PAGES);
    await cache.put(request.url, response.clone());
  }
  return response;
}

// A saved copy, marked so the page shows its offline banner (CSS: body[data-offline]).
async function savedCopy(request) {
  const saved = await caches.match(request.url, { cacheName: PAGES });
  if (!saved) return caches.match("/offline.html");
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
  if (url.pathname.startsWith("/pkg/") || url.pathname.startsWith("/icons/") || PRECACHE.includes(url.pathname)) {
    event.respondWith((async () => {
      const hit = await caches.match(request, { cacheName: SHELL });
      if (hit) return hit;
      const response = await fetch(request);
      if (response.ok) (await caches.open(SHELL)).put(request, response.clone());
      return response;
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
  event.respondWith(fetch(request).catch(() => caches.match("/offline.html")));
});
