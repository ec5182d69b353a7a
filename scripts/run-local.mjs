// Runs Festa locally: Azurite on its default ports (data kept in .azurite/) and the Functions host.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAzurite } from './emulators.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const func = spawnSync('func', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
if (func.error || func.status !== 0) {
  console.error(`Azure Functions Core Tools ('func', v4) is not installed. Install it, then run this again:
  npm install -g azure-functions-core-tools@4 --unsafe-perm true
or see https://learn.microsoft.com/azure/azure-functions/functions-run-local#install-the-azure-functions-core-tools
(Homebrew: brew tap azure/functions && brew install azure-functions-core-tools@4; winget: winget install Microsoft.Azure.FunctionsCoreTools)`);
  process.exit(1);
}

const location = join(root, '.azurite');
mkdirSync(location, { recursive: true });
const azurite = await startAzurite(root, { inMemory: false, location, ports: { blob: 10000, queue: 10001, table: 10002 } });
console.log('Azurite is running on 127.0.0.1:10000-10002 (data in .azurite/).');

const host = spawn('func', ['start', '--csharp'], {
  cwd: join(root, 'Festa.Functions'), stdio: 'inherit', shell: process.platform === 'win32',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => host.kill(signal));
const code = await new Promise((resolve) => host.on('exit', (c) => resolve(c ?? 0)));
await azurite.stop();
process.exit(code);
