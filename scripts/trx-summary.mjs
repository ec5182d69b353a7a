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

const unescape = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&apos;/g, "'").replace(/&#xD;/g, '').replace(/&#xA;/g, '\n').replace(/&amp;/g, '&');

/** The failed tests of one TRX file: name and the first lines of the message, so a CI log's tail says what failed. */
export function failures(trx) {
  const found = [];
  for (const match of trx.matchAll(/<UnitTestResult\b([^>]*\boutcome="Failed"[^>]*)>([\s\S]*?)<\/UnitTestResult>/g)) {
    const name = unescape((match[1].match(/\btestName="([^"]*)"/) ?? [])[1] ?? '?');
    const message = unescape((match[2].match(/<Message>([\s\S]*?)<\/Message>/) ?? [])[1] ?? '');
    found.push({ name, message: message.split('\n').slice(0, 12).join('\n').slice(0, 2000) });
  }
  return found;
}

export function summarize(dir) {
  let passed = 0, failed = 0, skipped = 0, total = 0;
  const failedTests = [];
  for (const file of trxFiles(dir)) {
    const trx = readFileSync(file, 'utf8');
    failedTests.push(...failures(trx));
    const counters = trx.match(/<Counters\b[^>]*>/);
    if (!counters) continue;
    const read = (name) => Number((counters[0].match(new RegExp(`\\b${name}="(\\d+)"`)) ?? [])[1] ?? 0);
    passed += read('passed');
    failed += read('failed') + read('error') + read('timeout') + read('aborted');
    total += read('total');
    // A skipped xunit test is a result with outcome NotExecuted; the notExecuted counter stays 0 for it.
    skipped += (trx.match(/<UnitTestResult\b[^>]*\boutcome="NotExecuted"/g) ?? []).length;
  }
  return { passed, failed, skipped, total, failedTests, line: `${passed} passed, ${failed} failed, ${skipped} skipped` };
}

/** Prints each failed test with its message, above the summary line. */
export function printFailures(failedTests) {
  for (const { name, message } of failedTests) console.log(`FAILED ${name}\n  ${message.replace(/\n/g, '\n  ')}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = summarize(process.argv[2] ?? 'TestResults');
  printFailures(result.failedTests);
  console.log(result.line);
  process.exit(result.total === 0 || result.failed > 0 ? 1 : 0);
}
