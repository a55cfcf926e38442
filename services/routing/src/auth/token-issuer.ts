import { Inject, Injectable } from '@nestjs/common';
import { Clock, SERVICE_CONFIG, signingKeyFromJwk, signStaffToken, type Identity, type ServiceConfig, type SigningKey } from '@mallcare/platform';
import type { TokenKeySet } from '@mallcare/policy';
import { AuthException } from './auth.exception';

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  identity: Identity;
}

/**
 * The built-in issuer: signs staff tokens with the private key only routing holds (AUTH_SIGNING_KEY)
 * and publishes the public keys (the signing key and, during a rotation, the previous ones of AUTH_JWKS).
 */
@Injectable()
export class TokenIssuer {
  private readonly key: SigningKey | undefined;
  private readonly keySet: TokenKeySet;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly clock: Clock,
  ) {
    const signing = config.auth.signingKey;
    this.key = signing ? signingKeyFromJwk(signing) : undefined;
    this.keySet = { keys: config.auth.jwks?.keys ?? [] };
  }

  publicKeySet(): TokenKeySet {
    return this.keySet;
  }

  issue(identity: Identity, now: Date = this.clock.now()): IssuedToken {
    if (!this.key) throw new AuthException('AUTH_ISSUER_OFF', 'this instance holds no signing key (AUTH_SIGNING_KEY)');
    const { tokenTtlSeconds, issuer, audience } = this.config.auth;
    const accessToken = signStaffToken(identity, { key: this.key, expiresInSeconds: tokenTtlSeconds, issuer, audience, now });
    return { accessToken, tokenType: 'Bearer', expiresIn: tokenTtlSeconds, identity };
  }
}
