// The app's files for a start without a network: pages are the one app shell (Hosting rewrites
// every path to index.html), taken from the network when there is one and from the cache
// when not; the built files (their names carry their hash) from the cache once fetched; the
// project's configuration, the manifest and the icon from the network, else the cache.
// Firestore, Auth and Functions traffic is never touched: Firestore keeps its own offline
// cache, and the writes waiting in it.
const CACHE = "scorebook-app-v1";
const SHELL = "/index.html";
const CONFIG = "/__/firebase/init.json";

// Installed once every file of the build is kept (precache.json, which the build writes), so
// that a page this worker controls can reload offline.
self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const listed = await fetch("/precache.json").then((r) => (r.ok ? r.json() : []), () => []);
    await cache.addAll([SHELL, "/manifest.webmanifest", "/icon.svg", ...listed]);
    // the project's configuration where Hosting serves it (elsewhere the app keeps its own
    // copy): the page that installed this worker fetched it before the worker was there
    await cache.add(CONFIG).catch(() => undefined);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

async function fresh(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key ?? request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(key ?? request);
    if (kept) return kept;
    throw error;
  }
}

async function kept(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/live/")) return; // the live JSON: the CDN's, never kept here
  if (request.mode === "navigate") event.respondWith(fresh(request, SHELL));
  else if (url.pathname.startsWith("/assets/")) event.respondWith(kept(request));
  else event.respondWith(fresh(request));
});

// A notification of a match followed (src/follow.ts shows it through this worker, so that it
// shows while the page is in the background too): a tap opens the match's page.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = event.notification.data?.url ?? "/";
  event.waitUntil(self.clients.openWindow(url));
});
