/**
 * Prints a staff token for a member of the sample group, signed with the issuer's private key:
 *   npm run token -- sh01-desk-1
 * The key is AUTH_SIGNING_KEY (a private JWK, inline or a file), else the newest one `npm start`
 * generated in .data/auth-keys.json. Issuer and audience: AUTH_ISSUER / AUTH_AUDIENCE, as the services expect.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { identityOfStaff, SAMPLE_GROUP_POLICY, signingKeyFromJwk, signStaffToken, type TokenJwk } from '@mallcare/policy';

const root = resolve(__dirname, '..', '..');
const dataDir = resolve(process.env.MALLCARE_DATA ?? join(root, '.data'));
const LIFETIME_SECONDS = 8 * 60 * 60;

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(1);
};

const privateKey = (): TokenJwk => {
  const given = process.env.AUTH_SIGNING_KEY;
  if (given) return JSON.parse(given.trim().startsWith('{') ? given : readFileSync(given, 'utf8')) as TokenJwk;
  const file = join(dataDir, 'auth-keys.json');
  if (!existsSync(file)) return fail(`no AUTH_SIGNING_KEY and no ${file}: run \`npm start\` once, or set AUTH_SIGNING_KEY`);
  const { keys } = JSON.parse(readFileSync(file, 'utf8')) as { keys?: TokenJwk[] };
  return keys?.[keys.length - 1] ?? fail(`${file} has no keys`);
};

const staffId = process.argv[2];
if (!staffId) {
  const examples = ['sh01-desk-1', 'sh01-engineering-mgr', 'sh01-gm', 'hq-ops-1', 'hq-admin'];
  fail(`usage: npm run token -- <staffId>   e.g. ${examples.join(', ')} (all: "staff" in libs/policy/src/sample-group.json)`);
}
const identity = identityOfStaff(SAMPLE_GROUP_POLICY, staffId) ?? fail(`${staffId} is not an active staff member of the sample group`);
const key = signingKeyFromJwk(privateKey());
process.stderr.write(`token for ${identity.staffId} ${identity.name} (${identity.roles.join(', ')} at ${identity.mallId ?? 'HQ'}), valid 8 h:\n`);
const issuer = process.env.AUTH_ISSUER ?? 'mallcare';
const audience = process.env.AUTH_AUDIENCE ?? 'mallcare-api';
process.stdout.write(`${signStaffToken(identity, { key, expiresInSeconds: LIFETIME_SECONDS, issuer, audience })}\n`);
