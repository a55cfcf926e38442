/** `npm run auth:keys -- rotate|retire`: see scripts/auth-keys.ts. */
import { join, resolve } from 'node:path';
import { retireOldAuthKeys, rotateAuthKeys } from './auth-keys';

const dataDir = resolve(process.env.MALLCARE_DATA ?? join(resolve(__dirname, '..', '..'), '.data'));
const command = process.argv[2];
if (command !== 'rotate' && command !== 'retire') {
  process.stderr.write('usage: npm run auth:keys -- rotate|retire   (rotate: add a new signing key; retire: keep only the newest)\n');
  process.exit(1);
}
const keys = command === 'rotate' ? rotateAuthKeys(dataDir) : retireOldAuthKeys(dataDir);
process.stdout.write(`keys now (the last signs): ${keys.map((key) => key.kid).join(', ')}; restart npm start to use them\n`);
