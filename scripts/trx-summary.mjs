// Prints "N passed, N failed" from every TRX file under a folder (default TestResults/),
// and exits non-zero when no test ran at all, so an empty run cannot pass silently.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function trxFiles(dir) {
  let files = [];
  let entries = [];
  try { entries = readdirSync(dir); } catch { return files; }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files = files.concat(trxFiles(path));
    else if (name.endsWith('.trx')) files.push(path);
  }
  return files;
}

const dir = process.argv[2] ?? 'TestResults';
let passed = 0, failed = 0, total = 0;
for (const file of trxFiles(dir)) {
  const counters = readFileSync(file, 'utf8').match(/<Counters\b[^>]*>/);
  if (!counters) continue;
  const read = (name) => Number((counters[0].match(new RegExp(`\\b${name}="(\\d+)"`)) ?? [])[1] ?? 0);
  passed += read('passed');
  failed += read('failed') + read('error') + read('timeout') + read('aborted');
  total += read('total');
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(total === 0 || failed > 0 ? 1 : 0);
