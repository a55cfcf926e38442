/**
 * Prints a staff token for a member of the sample group, signed with the system's secret:
 *   npm run token -- sh01-desk-1
 * The secret is AUTH_JWT_SECRET, else the one `npm start` generated in .data/secrets.json.
 * Staff added later through the admin API get theirs from POST /auth/token instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { identityOfStaff, MIN_SECRET_LENGTH, SAMPLE_GROUP_POLICY, signStaffToken } from '@mallcare/policy';

const root = resolve(__dirname, '..', '..');
const dataDir = resolve(process.env.MALLCARE_DATA ?? join(root, '.data'));
const LIFETIME_SECONDS = 12 * 60 * 60;

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(1);
};

const secret = (): string => {
  if (process.env.AUTH_JWT_SECRET) return process.env.AUTH_JWT_SECRET;
  const file = join(dataDir, 'secrets.json');
  if (!existsSync(file)) return fail(`no AUTH_JWT_SECRET and no ${file}: run \`npm start\` once, or set AUTH_JWT_SECRET`);
  const { authJwtSecret } = JSON.parse(readFileSync(file, 'utf8')) as { authJwtSecret?: string };
  return authJwtSecret ?? fail(`${file} has no authJwtSecret`);
};

const staffId = process.argv[2];
if (!staffId) {
  const examples = ['sh01-desk-1', 'sh01-engineering-mgr', 'sh01-gm', 'hq-ops-1', 'hq-admin'];
  fail(`usage: npm run token -- <staffId>   e.g. ${examples.join(', ')} (all: "staff" in libs/policy/src/sample-group.json)`);
}
const identity = identityOfStaff(SAMPLE_GROUP_POLICY, staffId) ?? fail(`${staffId} is not an active staff member of the sample group`);
const key = secret();
if (key.length < MIN_SECRET_LENGTH) fail(`the secret must be at least ${MIN_SECRET_LENGTH} characters`);
process.stderr.write(`token for ${identity.staffId} ${identity.name} (${identity.roles.join(', ')} at ${identity.mallId ?? 'HQ'}), valid 12 h:\n`);
process.stdout.write(`${signStaffToken(identity, { secret: key, expiresInSeconds: LIFETIME_SECONDS, issuer: 'mallcare-local' })}\n`);
