// Imported first by the generated service worker (workbox importScripts), so its fetch handler
// runs before any other. It keeps the promise that nothing leaves the device for every context
// of the origin, on any static host: a page's meta CSP does not apply to workers.
//  - A request from any client of this origin (page, dedicated or shared worker) to another
//    origin is refused with a network error, before it is sent.
//  - Worker scripts are served with a Content-Security-Policy header (connect-src 'self'), so a
//    worker's own connections (WebSocket, EventSource, fetch) are limited by the browser too.
const WORKER_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; " +
  "img-src 'self' data: blob:; object-src 'none'; base-uri 'self'";

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) {
    event.respondWith(Response.error());
    return;
  }
  const dest = event.request.destination;
  if (dest === 'worker' || dest === 'sharedworker') {
    event.respondWith(
      (async () => {
        const cached = await caches.match(event.request, { ignoreSearch: true });
        const response = cached ?? (await fetch(event.request));
        if (!response.ok) return response;
        const headers = new Headers(response.headers);
        headers.set('Content-Security-Policy', WORKER_CSP);
        return new Response(await response.arrayBuffer(), {
          status: response.status,
          statusText: response.statusText,
          headers
        });
      })()
    );
  }
});
