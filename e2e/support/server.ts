// Starts the real Safehub server as a child process for the browser journeys: `safehub serve` on a free
// port, over an in-memory PGlite database with the demo users seeded (all with DEMO_PASSWORD).
// One server per test file; `stop()` ends it (SIGTERM, then SIGKILL if it does not go).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_PASSWORD = 'e2e-demo-password-2026';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Generous: the demo data (agency records matched into people, and their practice history) loads before the server is ready.
const READY_TIMEOUT_MS = 180_000;

export interface AppServer {
  /** For example http://127.0.0.1:41234 (no trailing slash). */
  baseUrl: string;
  /** The full URL of a path on this server. */
  url(pathname: string): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const running = new Set<ChildProcess>();
// If the test process ends without `stop()` (a crash, a failed `before`), do not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startServer(extraEnv: Record<string, string> = {}): Promise<AppServer> {
  const port = await freePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: 'memory://',
    SEED_DEMO: 'true',
    DEMO_PASSWORD,
    LOG_LEVEL: 'silent',
    RUN_JOBS: 'false',
    // The journeys sign in far more than ten times a minute from one address.
    SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000',
    ...extraEnv,
  };
  // The journeys always run on embedded PGlite, whatever the surrounding shell points at.
  delete env.DATABASE_URL;
  delete env.DATABASE_READ_URL;
  delete env.OIDC_ISSUER;
  delete env.BASE_URL;

  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main/cli.ts'), 'serve', '--port', String(port)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = exited(child);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The Safehub server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`);
    }
    try {
      const res = await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The Safehub server was not ready within ${READY_TIMEOUT_MS / 1000}s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return { baseUrl, url: (pathname: string) => new URL(pathname, baseUrl).toString(), stop };
}
