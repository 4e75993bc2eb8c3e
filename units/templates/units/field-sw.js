{% autoescape off %}// The field app's service worker (served by units.views.field_worker at
// /lapangan/sw.js, scope /lapangan/). It keeps the app shell (the page and the
// files it loads) so the page opens in a dead zone.
//
// Network first, cache second: with a signal the crew always gets the current
// page and files (and the cache is refreshed); without one, or when the network
// hangs for FALLBACK_MS, the cached copy answers. API calls are never touched:
// the page's own queue (field-sync.js) handles them and their failures.
const CACHE = {{ cache }};
const SHELL = {{ shell }};
const FALLBACK_MS = 4000;
const PAGE = SHELL[0];

self.addEventListener("install", (event) => {
  event.waitUntil(fillCache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("lapangan-shell-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const key = shellKey(url, request);
  if (key === null) return;
  event.respondWith(networkFirst(request, key));
});

// The cache key of a shell request, or null for anything else (APIs, other pages).
function shellKey(url, request) {
  if (request.mode === "navigate") return url.pathname === PAGE ? PAGE : null;
  return SHELL.includes(url.pathname) ? url.pathname : null;
}

async function fillCache() {
  const cache = await caches.open(CACHE);
  await Promise.all(
    SHELL.map(async (path) => {
      try {
        const response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
        await keep(cache, path, response);
      } catch {
        // Installed while the signal dropped: the next visit with a signal fills it.
      }
    }),
  );
}

// Only a real answer is kept: never an error, nor the sign-in page a signed-out
// session was redirected to (it would stand in for the field page offline).
async function keep(cache, key, response) {
  if (response.ok && !response.redirected && response.type === "basic") {
    await cache.put(key, response.clone());
  }
}

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then(async (response) => {
    await keep(cache, key, response);
    return response;
  });
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), FALLBACK_MS));
  // No network (a rejection) or no answer in time: the cache answers.
  const response = await Promise.race([network.catch(() => null), timeout]);
  if (response) return response;
  const cached = await cache.match(key);
  if (cached) return fromCache(cached);
  return network;
}

// The cached copy, marked so the crew's phone (and the tests) can tell it apart.
function fromCache(cached) {
  const headers = new Headers(cached.headers);
  headers.set("X-Served-From", "lapangan-cache");
  return new Response(cached.body, { status: cached.status, statusText: cached.statusText, headers });
}
{% endautoescape %}
