// Runs every Festa test against real emulators: starts Azurite and the Cosmos DB test server
// (@vercel/cosmosdb-server) on free loopback ports,
// runs `dotnet test` on the solution with TRX results in TestResults/ (those of earlier runs deleted first),
// stops what it started and prints "N passed, N failed, N skipped" for this run as its last line.
// Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Sessions").
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAzurite, startCosmos } from './emulators.mjs';
import { clearTrx, printFailures, summarize } from './trx-summary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = process.env.FESTA_TEST_RESULTS ?? join(root, 'TestResults');

const started = [];
async function stopAll() {
  await Promise.all(started.splice(0).map((s) => s.stop()));
}

clearTrx(results);
let exitCode = 1;
try {
  const azurite = await startAzurite(root);
  started.push(azurite);
  console.log(`Azurite listening on 127.0.0.1 (blob ${azurite.ports.blob}, queue ${azurite.ports.queue}, table ${azurite.ports.table})`);

  const cosmos = await startCosmos(root);
  started.push(cosmos);
  console.log(`Cosmos DB test server listening on ${cosmos.endpoint}`);

  // FESTA_TEST_COSMOS is the local test server; FESTA_COSMOS_ENDPOINT/_KEY (if set) a real account.
  const env = { ...process.env, FESTA_TEST_STORAGE: azurite.connectionString, FESTA_TEST_COSMOS: cosmos.connectionString };
  const args = ['test', join(root, 'Festa.sln'), '--logger', 'trx', '--results-directory', results,
    '--logger', 'console;verbosity=normal', ...process.argv.slice(2)];
  const dotnet = spawn('dotnet', args, { cwd: root, env, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => dotnet.kill(signal));
  exitCode = await new Promise((resolve) => dotnet.on('exit', (code) => resolve(code ?? 1)));
} catch (error) {
  console.error(error.message);
} finally {
  await stopAll();
}
const summary = summarize(results);
if (exitCode !== 0 && summary.failed === 0) {
  // dotnet test failed without a failed test on record: a build error or a crashed test host. Never report it as a pass.
  console.log('dotnet test failed outside any test (build error or test host crash): counted as 1 failed.');
  summary.failed = 1;
  summary.line = `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`;
}
printFailures(summary.failedTests);
console.log(summary.line);
if (exitCode === 0 && (summary.total === 0 || summary.failed > 0)) exitCode = 1;
process.exit(exitCode);
