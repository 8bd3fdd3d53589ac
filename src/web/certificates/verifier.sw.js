// The service worker of the offline verifier (issue #19), registered by ./verifier.client.js with
// the scope /certificado/verificar: it keeps the verifier page, its script and the trust list in
// the browser's cache, so the page opens and verifies with the network off once it has been
// loaded. Online it always asks the server first (a new trust list or revocation is seen at once)
// and refreshes the kept copy; offline, or when the server does not answer, it gives the kept one.
// Nothing else goes through it: form posts and every other address are the network's.

const CACHE = 'ayni-verificador-v1';
const SELF = new URL(self.location.href);
const PAGE = '/certificado/verificar';
const SCRIPT = '/certificado/verificar/verificador.js';
const TRUST_LIST = '/api/certificates/trust-list';
const KEPT = new Set([PAGE, SCRIPT, TRUST_LIST]);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([PAGE, SCRIPT, TRUST_LIST]))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== SELF.origin || !KEPT.has(url.pathname)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const answer = await fetch(request, { cache: 'no-store' });
        if (answer.ok) await cache.put(request, answer.clone());
        return answer;
      } catch (error) {
        // Offline: the copy of this address (with its ?lang=), else of the page in Spanish.
        const kept =
          (await cache.match(request, { ignoreVary: true })) ??
          (await cache.match(url.pathname, { ignoreVary: true }));
        if (!kept) throw error;
        // Marked, so the page can say it is using a kept trust list.
        const headers = new Headers(kept.headers);
        headers.set('X-Ayni-Kept-Copy', '1');
        return new Response(kept.body, { status: kept.status, statusText: kept.statusText, headers });
      }
    })(),
  );
});
