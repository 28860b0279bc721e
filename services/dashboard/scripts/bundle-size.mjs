// Prints the gzipped size of the JavaScript the first page load fetches (index.html's entry script
// and the chunks it preloads) and fails above the 300 kB budget. Route chunks load later and are
// listed apart.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 300;
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'public');
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const gz = (file) => gzipSync(readFileSync(path.join(dist, file))).length / 1024;
const initialKb = initial.reduce((sum, file) => sum + gz(file), 0);
const lazy = readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js') && !initial.includes(`assets/${f}`));
const lazyKb = lazy.reduce((sum, f) => sum + gz(`assets/${f}`), 0);
process.stdout.write(
  `dashboard initial JS: ${initialKb.toFixed(1)} kB gzipped in ${initial.length} file(s) (budget ${BUDGET_KB} kB); ${lazy.length} lazy chunks, ${lazyKb.toFixed(1)} kB gzipped\n`,
);
if (initialKb > BUDGET_KB) {
  process.stderr.write(`initial JS over budget by ${(initialKb - BUDGET_KB).toFixed(1)} kB\n`);
  process.exit(1);
}
