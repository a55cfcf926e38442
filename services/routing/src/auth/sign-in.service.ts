import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { assertMallAccess, Clock, FailureCounter, identityOfStaff, PolicyStore, retryAfterSeconds, SERVICE_CONFIG, type Identity, type ServiceConfig } from '@mallcare/platform';
import { AuthException } from './auth.exception';
import { CredentialsRepository } from './credentials.repository';
import { TokenIssuer, type IssuedToken } from './token-issuer';

/** Compared against when the staff id is unknown, so that an unknown id costs as much as a wrong password. */
let unknownStaffHash: Promise<string> | undefined;
const hashForUnknownStaff = (): Promise<string> => (unknownStaffHash ??= hash('no staff member has this password'));

const badCredentials = () => new AuthException('AUTH_BAD_CREDENTIALS', 'wrong staff id or password');

/**
 * Sign-in with a password for the built-in issuer. Hashes are argon2id; a staff member with no
 * password yet sets it by signing in once; failures are counted per staff id in PostgreSQL and lock
 * the id for a while at the limit (AUTH_SIGNIN_*), the same answer for unknown and known ids.
 */
@Injectable()
export class SignInService {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly policy: PolicyStore,
    private readonly credentials: CredentialsRepository,
    private readonly failures: FailureCounter,
    private readonly issuer: TokenIssuer,
    private readonly clock: Clock,
  ) {}

  async signIn(staffId: string, password: string, now: Date = this.clock.now()): Promise<IssuedToken & { firstPassword: boolean }> {
    const { signIn } = this.config.auth;
    const key = `sign-in:${staffId}`;
    const locked = await this.failures.lockedUntil([key], now);
    if (locked) throw this.lockedError(locked, now);

    const identity = identityOfStaff(this.policy.current(now), staffId);
    const stored = identity ? await this.credentials.passwordHash(staffId) : null;
    let firstPassword = false;
    if (identity && stored === null) {
      this.assertStrongEnough(password);
      firstPassword = await this.credentials.setFirstPasswordHash(staffId, await hash(password), now);
      if (!firstPassword) return this.signIn(staffId, password, now);
    } else {
      const matches = await verify(stored ?? (await hashForUnknownStaff()), password);
      if (!identity || !matches) {
        const count = await this.failures.recordFailure(key, now, signIn);
        if (count.lockedUntil && count.lockedUntil > now) throw this.lockedError(count.lockedUntil, now);
        throw badCredentials();
      }
    }
    await this.failures.clear(key);
    return { ...this.issuer.issue(identity, now), firstPassword };
  }

  /** An admin sets (or resets) a staff member's password: HQ admins for anyone, a mall GM for their mall's staff. */
  async setPassword(admin: Identity, staffId: string, password: string, now: Date = this.clock.now()): Promise<void> {
    const member = this.policy.current(now).staff.find((candidate) => candidate.id === staffId);
    if (!member) throw new AuthException('AUTH_UNKNOWN_STAFF', `no staff member ${staffId}`);
    if (member.mallId === null && admin.mallId !== null) assertMallAccess(admin, 'HQ');
    if (member.mallId !== null) assertMallAccess(admin, member.mallId);
    this.assertStrongEnough(password);
    await this.credentials.setPasswordHash(staffId, await hash(password), admin.staffId, now);
    await this.failures.clear(`sign-in:${staffId}`);
  }

  private assertStrongEnough(password: string): void {
    const min = this.config.auth.signIn.passwordMinLength;
    if ([...password].length < min) {
      throw new AuthException('AUTH_PASSWORD_TOO_WEAK', `the password must be at least ${min} characters`, {
        errors: [{ field: 'password', messages: [`must be at least ${min} characters`] }],
      });
    }
  }

  private lockedError(until: Date, now: Date): AuthException {
    const seconds = retryAfterSeconds(until, now);
    return new AuthException('AUTH_LOCKED', `too many failed sign-ins; try again in ${seconds} s`, { retryAfterSeconds: seconds });
  }
}
