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
// Prerendered pages are written as `models.html`; sirv resolves `/models` to it via extensions.
const assets = sirv(dir, { dev: false, etag: true, extensions: ['html'], gzip: false });
createServer((req, res) =>
  assets(req, res, () => {
    res.statusCode = 404;
    res.end('Not found');
  })
).listen(Number(port), 'localhost', () => console.log(`Exoforest: http://localhost:${port}`));
