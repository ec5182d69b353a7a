// Runs Festa locally (called by run.sh after its prerequisite check): Azurite on its default ports (data
// kept in .azurite/), or an Azurite that already answers there, and the Functions host.
//
// The host is started as plain `func start` in Festa.Functions/. Festa is an isolated-worker app: Core Tools v4
// (GlobalCoreToolsSettings.Init) maps `--csharp` and `--dotnet` to the *in-process* runtime (WorkerRuntime.Dotnet)
// and only `--dotnet-isolated` or, with no language flag, local.settings.json's FUNCTIONS_WORKER_RUNTIME
// ("dotnet-isolated") to the isolated one. Without a flag the runtime comes from the one place the project states
// it. StartHostAction then sees the .csproj and builds it itself (`dotnet build` into bin/output) before starting
// the host, so no separate build step is needed here.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectionString, startAzurite, startCosmos } from './emulators.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const store = process.argv.includes('--store') ? process.argv[process.argv.indexOf('--store') + 1] : 'table';

const defaultPorts = { blob: 10000, queue: 10001, table: 10002 };
const ports = portsFromEnvironment(process.env.FESTA_AZURITE_PORTS);

/** What answers on a port: 'free', 'azurite' (its Server header says so) or 'other'. */
function probe(port, service) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', timeout: 10_000 }, (res) => {
      res.resume();
      resolve(new RegExp(`^Azurite-${service}/`, 'i').test(res.headers.server ?? '') ? 'azurite' : 'other');
    });
    req.on('timeout', () => { req.destroy(); resolve('other'); });
    req.on('error', (error) => resolve(error.code === 'ECONNREFUSED' ? 'free' : 'other'));
    req.end();
  });
}

function portsFromEnvironment(value) {
  if (!value) return defaultPorts;
  const numbers = value.split(',').map(Number);
  if (numbers.length !== 3 || numbers.some((n) => !Number.isInteger(n) || n < 1 || n > 65535)) {
    console.error(`FESTA_AZURITE_PORTS must be three ports "blob,queue,table", not "${value}".`);
    process.exit(2);
  }
  return { blob: numbers[0], queue: numbers[1], table: numbers[2] };
}

const services = { blob: 'Blob', queue: 'Queue', table: 'Table' };
const found = Object.fromEntries(await Promise.all(
  Object.entries(services).map(async ([key, name]) => [key, await probe(ports[key], name)])));
const states = Object.values(found);

let azurite = null;
if (states.every((s) => s === 'azurite')) {
  console.log(`Using the Azurite that already answers on 127.0.0.1:${ports.blob}/${ports.queue}/${ports.table} (its data, not .azurite/).`);
} else if (states.every((s) => s === 'free')) {
  const location = join(root, '.azurite');
  mkdirSync(location, { recursive: true });
  try {
    azurite = await startAzurite(root, { inMemory: false, location, ports });
  } catch (error) {
    console.error(`Azurite did not start: ${error.message.split('\n')[0]}`);
    process.exit(1);
  }
  console.log(`Azurite is running on 127.0.0.1:${ports.blob}/${ports.queue}/${ports.table} (data in .azurite/).`);
} else {
  const taken = Object.keys(services).filter((k) => found[k] !== 'free')
    .map((k) => `${ports[k]} (${found[k] === 'azurite' ? `Azurite ${services[k]}` : 'not Azurite'})`);
  console.error(`Azurite's ports are taken by something else: ${taken.join(', ')}. Stop that program, start a complete ` +
    'Azurite there yourself (run.sh then uses it), or pick three free ports: FESTA_AZURITE_PORTS=20000,20001,20002 ./run.sh');
  process.exit(1);
}

// Settings given to the host as environment variables override local.settings.json's Values (Core Tools
// skips a local setting that the environment already defines); only what differs from that file is set.
const env = { ...process.env };
const portsMoved = Object.keys(defaultPorts).some((k) => ports[k] !== defaultPorts[k]);
if (portsMoved) {
  env.AzureWebJobsStorage = env.FestaStorage = connectionString(ports);
}

let cosmos = null;
if (store === 'cosmos') {
  try {
    cosmos = await startCosmos(root);
  } catch (error) {
    console.error(`The Cosmos DB test server did not start: ${error.message.split('\n')[0]}`);
    await azurite?.stop();
    process.exit(1);
  }
  env.Festa__Store = 'Cosmos';
  env.FestaCosmos = cosmos.connectionString;
  env.Festa__Cosmos__LocalTestServer = 'true';
  console.warn(`Cosmos DB store on the local Cosmos DB test server at ${cosmos.endpoint} (in memory: its data is gone when run.sh stops).
WARNING: that server is a test double, not the Cosmos DB emulator: it has no transactional batch, no TTL, no ORDER BY
and no cross-partition queries. Here taking or giving back a seat (batch), the event listing, recommendations,
participant lists and the notification inbox (ORDER BY / cross-partition) fail or come back unordered, and sessions
never expire by TTL. Members, login/logout, sessions and single events work. For the rest, set FestaCosmos to a real
account (FestaCosmos=AccountEndpoint=...;AccountKey=...; in local.settings.json) and run func start yourself.`);
}

const host = spawn('func', ['start'], {
  cwd: join(root, 'Festa.Functions'), env, stdio: 'inherit', shell: process.platform === 'win32',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => host.kill(signal));
const code = await new Promise((resolve) => {
  host.on('error', (error) => { console.error(`Could not start func: ${error.message}`); resolve(1); });
  host.on('exit', (c) => resolve(c ?? 0));
});
await Promise.all([azurite?.stop(), cosmos?.stop()]);
process.exit(code);
