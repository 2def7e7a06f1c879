// A static site: every route is prerendered, there is no server code.
export const prerender = true;
export const ssr = true;
// Every page is a folder with index.html: any static host serves /train/ without rewrite rules.
export const trailingSlash = 'always';
