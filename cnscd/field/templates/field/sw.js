// Service worker of the field app (docs/field.md). The shell and its assets are
// cached per deployment version; API calls are never cached: data lives in IndexedDB.
"use strict";

const CACHE_PREFIX = "cnscd-field-";
const CACHE = CACHE_PREFIX + "{{ version|escapejs }}";
const SHELL = "{% url 'field-app' %}";
const MANIFEST = "{% url 'field-manifest' %}";
const ASSETS = [{% for asset in assets %}"{{ asset|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([SHELL, MANIFEST, ...ASSETS]))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE)
            .map((name) => caches.delete(name))
        )
      )
      .then(() => self.clients.claim())
  );
});

// The shell holds no personal data, so a fresh copy is fetched when there is a network
// and the cached one is used when there is none.
async function shell(request) {
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      const cache = await caches.open(CACHE);
      await cache.put(SHELL, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(SHELL, { cacheName: CACHE });
    if (cached) return cached;
    throw error;
  }
}

async function asset(request) {
  const cached = await caches.match(request, { cacheName: CACHE });
  return cached || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // /api/ is left to the browser: network only, never answered from a cache
  if (url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate" && url.pathname === SHELL) {
    event.respondWith(shell(request));
  } else if (url.pathname === MANIFEST || ASSETS.includes(url.pathname)) {
    event.respondWith(asset(request));
  }
});
