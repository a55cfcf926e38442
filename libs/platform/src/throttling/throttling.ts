import { Injectable, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { ServiceConfig } from '../config/service-config';
import { exceptionFamily, FailureKind } from '../errors/mallcare-exception';

const SIGN_IN_THROTTLE = 'mallcare:sign-in-throttle';

/** A route where credentials are tried: it gets the lower sign-in limit on top of the API's. */
export const SignInThrottle = (): MethodDecorator => SetMetadata(SIGN_IN_THROTTLE, true);

const isSignIn = (context: ExecutionContext): boolean => Reflect.getMetadata(SIGN_IN_THROTTLE, context.getHandler()) === true;

/** The global guard also sees the events a service consumes (RPC context): those are never a client's requests. */
const notHttp = (context: ExecutionContext): boolean => context.getType() !== 'http';

/**
 * @nestjs/throttler's limits from the settings, per client address (req.ip, which believes
 * X-Forwarded-For only from TRUSTED_PROXIES): one for every route, a lower one for sign-in.
 */
export const throttlerOptionsOf = (config: ServiceConfig): ThrottlerModuleOptions => {
  const { api, signIn } = config.throttle;
  return {
    throttlers: [
      { name: 'api', limit: api.limit, ttl: api.ttlSeconds * 1000, skipIf: (context) => notHttp(context) || api.limit === 0 },
      { name: 'sign-in', limit: signIn.limit, ttl: signIn.ttlSeconds * 1000, skipIf: (context) => notHttp(context) || !isSignIn(context) },
    ],
  };
};

export class ThrottlingException extends exceptionFamily({ THROTTLED: FailureKind.Throttled }) {}

/** @nestjs/throttler's guard, answering like every other refusal: 429 problem details with a plain Retry-After. */
@Injectable()
export class ApiThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new ThrottlingException('THROTTLED', 'too many requests: try again later', { retryAfterSeconds: Math.max(1, Math.ceil(detail.timeToBlockExpire)) });
  }
}
