import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * An S3-compatible server for tests: moto's server from PyPI (`moto[server]`, installed pinned by
 * .ci/run into .cache/moto), run on 127.0.0.1. Without it S3 tests skip and say so, unless CI or
 * MALLCARE_REQUIRE_S3 demands it: then a missing server fails the run.
 */
export const motoServerForTests = (): string | null => {
  const candidates = [process.env.MOTO_SERVER, join(resolve(__dirname, '..', '..', '..'), '.cache', 'moto', 'bin', 'moto_server')].filter((path): path is string => Boolean(path));
  const found = candidates.find((path) => existsSync(path)) ?? (spawnSync('sh', ['-c', 'command -v moto_server']).stdout?.toString().trim() || null);
  if (found) return found;
  if (process.env.CI === 'true' || process.env.MALLCARE_REQUIRE_S3 === '1') {
    throw new Error('moto_server is not installed but CI/MALLCARE_REQUIRE_S3 requires an S3-compatible server (.ci/run installs moto[server] into .cache/moto)');
  }
  return null;
};

export interface TestS3Server {
  endpoint: string;
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });

/** Starts moto_server on a free loopback port and waits until it answers. */
export const startTestS3Server = async (executable: string, timeoutMs = 30_000): Promise<TestS3Server> => {
  const port = await freePort();
  const child: ChildProcess = spawn(executable, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}): ${stderr}`);
    const answered = await fetch(`${endpoint}/`).then(() => true, () => false);
    if (answered) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`moto_server did not answer on ${endpoint} in ${timeoutMs / 1000}s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
      }),
  };
};

/** `describe` for suites that need an S3-compatible server; the body gets moto_server's path. */
export const describeWithS3 = (name: string, body: (motoServer: string) => void): void => {
  const executable = motoServerForTests();
  if (!executable) {
    // eslint-disable-next-line no-console
    console.warn(`skipped "${name}": no S3-compatible server (pip install 'moto[server]==5.2.5', or set MOTO_SERVER to moto_server's path)`);
    describe.skip(name, () => body(''));
    return;
  }
  describe(name, () => body(executable));
};
