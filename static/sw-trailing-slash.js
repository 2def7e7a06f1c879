// Imported by the generated service worker before its own routes. Pages are folders
// (`/models/` is models/index.html) and are precached by those names; a navigation to `/models`
// is redirected to `/models/` as a plain static host does (without this, the precache misses it
// and the navigation fallback would show the home page under the /models address).
self.addEventListener('fetch', (event) => {
  if (event.request.mode !== 'navigate') return;
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  const last = url.pathname.split('/').pop();
  if (url.pathname === '/' || last === '' || last.includes('.')) return;
  url.pathname += '/';
  event.respondWith(Response.redirect(url.href, 301));
});
