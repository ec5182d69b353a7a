// Prints "N passed, N failed, N skipped" from every TRX file under a folder (default TestResults/), and exits
// non-zero when a test failed or none ran at all, so an empty run cannot pass silently. test.mjs empties the
// folder's TRX files before each run, so the numbers are those of one run, never a sum of several.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function trxFiles(dir) {
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

/** Deletes the TRX files of earlier runs under dir (nothing else there). */
export function clearTrx(dir) {
  for (const file of trxFiles(dir)) rmSync(file);
}

export function summarize(dir) {
  let passed = 0, failed = 0, skipped = 0, total = 0;
  for (const file of trxFiles(dir)) {
    const trx = readFileSync(file, 'utf8');
    const counters = trx.match(/<Counters\b[^>]*>/);
    if (!counters) continue;
    const read = (name) => Number((counters[0].match(new RegExp(`\\b${name}="(\\d+)"`)) ?? [])[1] ?? 0);
    passed += read('passed');
    failed += read('failed') + read('error') + read('timeout') + read('aborted');
    total += read('total');
    // A skipped xunit test is a result with outcome NotExecuted; the notExecuted counter stays 0 for it.
    skipped += (trx.match(/<UnitTestResult\b[^>]*\boutcome="NotExecuted"/g) ?? []).length;
  }
  return { passed, failed, skipped, total, line: `${passed} passed, ${failed} failed, ${skipped} skipped` };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = summarize(process.argv[2] ?? 'TestResults');
  console.log(result.line);
  process.exit(result.total === 0 || result.failed > 0 ? 1 : 0);
}
