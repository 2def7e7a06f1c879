// A static site: every route is prerendered, there is no server code.
export const prerender = true;
export const ssr = true;
export const trailingSlash = 'never';
