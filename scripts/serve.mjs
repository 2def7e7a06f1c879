// Serves the built static site (adapter-static output) the way a plain static host would.
// Usage: node scripts/serve.mjs [dir=build] [port=4173]
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import sirv from 'sirv';

const [dir = 'build', port = '4173'] = process.argv.slice(2);
if (!existsSync(dir)) {
  console.error(`serve: "${dir}" does not exist; run \`npm run build\` first.`);
  process.exit(1);
}
// Pages are folders (`models/index.html`, trailingSlash 'always'), which sirv serves for `/models/`
// and `/models`. tests/e2e/static-host.e2e.ts runs the site on python3 -m http.server instead,
// which maps nothing.
const assets = sirv(dir, { dev: false, etag: true, gzip: false });
createServer((req, res) =>
  assets(req, res, () => {
    res.statusCode = 404;
    res.end('Not found');
  })
).listen(Number(port), 'localhost', () => console.log(`Exoforest: http://localhost:${port}`));
