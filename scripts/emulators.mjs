// Starts the local emulators Festa needs and reports where they listen.
// Used by test.mjs (free ports, in memory) and run-local.mjs (default ports, persisted).
// startCosmos runs a Cosmos DB-compatible test server for the Cosmos store's tests.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';

// Azurite's well-known development account; it is public and only valid against the emulator.
const devAccount = 'devstoreaccount1';
const devKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function requireInstalled(root) {
  const azurite = join(root, 'node_modules', 'azurite', 'dist', 'src', 'azurite.js');
  if (!existsSync(azurite)) {
    throw new Error('Azurite is not installed: run `npm ci` in the repository root (test.sh and run.sh do it for you).');
  }
  return azurite;
}

/**
 * Starts Azurite bound to 127.0.0.1. With ports = 0 the OS picks free ones, which are read back
 * from Azurite's own startup lines.
 */
export function startAzurite(root, { inMemory = true, ports = { blob: 0, queue: 0, table: 0 }, location } = {}) {
  const script = requireInstalled(root);
  const args = [script, '--silent', '--skipApiVersionCheck', '--disableTelemetry',
    '--blobHost', '127.0.0.1', '--blobPort', String(ports.blob),
    '--queueHost', '127.0.0.1', '--queuePort', String(ports.queue),
    '--tableHost', '127.0.0.1', '--tablePort', String(ports.table)];
  if (inMemory) args.push('--inMemoryPersistence');
  else args.push('--location', location);

  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    const found = {};
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within 30 s:\n${output}`)), 30_000);
    const fail = (error) => { clearTimeout(timer); child.kill(); reject(error); };
    const onData = (chunk) => {
      output += chunk.toString();
      for (const match of output.matchAll(/Azurite (Blob|Queue|Table) service is successfully listening at http:\/\/127\.0\.0\.1:(\d+)/g)) {
        found[match[1].toLowerCase()] = Number(match[2]);
      }
      if (found.blob && found.queue && found.table) {
        clearTimeout(timer);
        resolve({ child, ports: found, connectionString: connectionString(found), stop: () => stop(child) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => fail(new Error(`Azurite exited with code ${code}:\n${output}`)));
  });
}

// Any key is accepted by the local Cosmos server; this one only exists to fill the connection string.
const cosmosTestKey = Buffer.from('festa-local-cosmos-test-server-key').toString('base64');

// Runs @vercel/cosmosdb-server in a child process with keep-alive on (its CLI closes every connection,
// which makes each SDK request pay for a new TLS handshake). It prints the port it got, then serves.
const cosmosServerScript = `
const { createHttpsServer } = require(process.argv[1]);
const server = createHttpsServer({ keepAlive: true, keepAliveTimeout: 60000 });
server.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('cosmos-listening ' + server.address().port));
`;

export function requireCosmosInstalled(root) {
  const server = resolvePath(root, 'node_modules', '@vercel', 'cosmosdb-server', 'lib', 'index.js');
  if (!existsSync(server)) {
    throw new Error('@vercel/cosmosdb-server is not installed: run `npm ci` in the repository root (test.sh does it for you).');
  }
  return server;
}

/**
 * Starts the local Cosmos DB-compatible server (HTTPS, self-signed certificate) on 127.0.0.1. It keeps
 * everything in memory. With port = 0 the OS picks a free one. Its error log (it prints a stack trace for
 * every request it cannot serve, e.g. a read of a missing item) is kept out of the way.
 */
export function startCosmos(root, { port = 0 } = {}) {
  const server = requireCosmosInstalled(root);
  const child = spawn(process.execPath, ['-e', cosmosServerScript, server, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk) => { errors = (errors + chunk.toString()).slice(-4000); });
    const timer = setTimeout(() => fail(new Error(`The Cosmos DB test server did not start within 30 s:\n${output}`)), 30_000);
    const fail = (error) => { clearTimeout(timer); child.kill(); reject(error); };
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      const match = output.match(/cosmos-listening (\d+)/);
      if (match) {
        clearTimeout(timer);
        child.stdout.resume();
        const endpoint = `https://127.0.0.1:${match[1]}/`;
        resolve({ child, port: Number(match[1]), endpoint, connectionString: `AccountEndpoint=${endpoint};AccountKey=${cosmosTestKey};`, stop: () => stop(child) });
      }
    });
    child.on('exit', (code) => fail(new Error(`The Cosmos DB test server exited with code ${code}:\n${output}${errors}`)));
  });
}

export function connectionString({ blob, queue, table }) {
  const base = 'http://127.0.0.1';
  return `DefaultEndpointsProtocol=http;AccountName=${devAccount};AccountKey=${devKey};` +
    `BlobEndpoint=${base}:${blob}/${devAccount};QueueEndpoint=${base}:${queue}/${devAccount};` +
    `TableEndpoint=${base}:${table}/${devAccount};`;
}

export function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 5_000).unref();
  });
}
