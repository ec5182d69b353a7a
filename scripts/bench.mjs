// Starts a clean in-memory Azurite, runs bench/Festa.Bench (Release) against it, stops Azurite.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAzurite } from './emulators.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const azurite = await startAzurite(root);
let code = 1;
try {
  const env = { ...process.env, FESTA_TEST_STORAGE: azurite.connectionString };
  const args = ['run', '-c', 'Release', '--project', join(root, 'bench', 'Festa.Bench'), '--', ...process.argv.slice(2)];
  const bench = spawn('dotnet', args, { cwd: root, env, stdio: 'inherit' });
  code = await new Promise((resolve) => bench.on('exit', (c) => resolve(c ?? 1)));
} finally {
  await azurite.stop();
}
process.exit(code);
