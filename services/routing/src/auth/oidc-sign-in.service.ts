import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ROLES, type Role } from '@mallcare/contracts';
import { Clock, PolicyStore, SERVICE_CONFIG, type AuthSettings, type Identity, type ServiceConfig } from '@mallcare/platform';
import { AuthException } from './auth.exception';
import { TokenIssuer, type IssuedToken } from './token-issuer';

interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

export interface OidcCodeExchange {
  code: string;
  codeVerifier: string;
  redirectUri: string;
  nonce: string;
}

/** Why a sign-in through the provider was refused, for the console to say it in the person's words. */
export type OidcRejection = 'provider' | 'id-token' | 'unknown-staff' | 'no-role';

const rejected = (reason: string, kind: OidcRejection = 'provider') =>
  new AuthException('AUTH_OIDC_REJECTED', `the identity provider's sign-in was not accepted: ${reason}`, { reason: kind });
const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/**
 * Sign-in through the group's OpenID Connect provider: the console runs the authorization code flow
 * with PKCE, hands routing the code and its verifier, and routing redeems them at the provider,
 * verifies the ID token (jose, the provider's JWKS; issuer, audience, nonce) and issues our token.
 * The staff id comes from OIDC_STAFF_CLAIM and must be active in the policy; roles and mall come
 * from OIDC_ROLES_CLAIM / OIDC_MALL_CLAIM when the provider sends them, else from the policy.
 */
@Injectable()
export class OidcSignIn {
  private metadata: Promise<ProviderMetadata> | undefined;
  private keys: JWTVerifyGetKey | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly policy: PolicyStore,
    private readonly issuer: TokenIssuer,
    private readonly clock: Clock,
  ) {}

  private settings(): NonNullable<AuthSettings['oidc']> {
    const oidc = this.config.auth.oidc;
    if (!oidc) throw new AuthException('AUTH_OIDC_OFF', 'no identity provider is configured (OIDC_ISSUER)');
    return oidc;
  }

  private async provider(): Promise<ProviderMetadata> {
    const { issuer } = this.settings();
    this.metadata ??= fetch(`${issuer}/.well-known/openid-configuration`).then(async (response) => {
      if (!response.ok) throw new Error(`discovery answered ${response.status}`);
      const metadata = (await response.json()) as ProviderMetadata;
      if (metadata.issuer !== issuer) throw new Error(`discovery names issuer ${metadata.issuer}, expected ${issuer}`);
      return metadata;
    });
    // A failed discovery is tried again on the next sign-in.
    return this.metadata.catch((error: unknown) => {
      this.metadata = undefined;
      throw rejected(error instanceof Error ? error.message : String(error));
    });
  }

  /** What the console needs to start the flow. */
  async clientConfiguration(): Promise<{ issuer: string; authorizationEndpoint: string; clientId: string; scope: string; codeChallengeMethod: 'S256' }> {
    const { issuer, clientId } = this.settings();
    const metadata = await this.provider();
    return { issuer, authorizationEndpoint: metadata.authorization_endpoint, clientId, scope: 'openid profile mallcare', codeChallengeMethod: 'S256' };
  }

  async exchange(request: OidcCodeExchange, now: Date = this.clock.now()): Promise<IssuedToken> {
    const settings = this.settings();
    const metadata = await this.provider();
    const response = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: request.code, redirect_uri: request.redirectUri, client_id: settings.clientId, code_verifier: request.codeVerifier }),
    });
    const tokens = (await response.json().catch(() => ({}))) as { id_token?: string; error?: string };
    if (!response.ok || typeof tokens.id_token !== 'string') throw rejected(tokens.error ?? `token endpoint answered ${response.status}`);
    this.keys ??= createRemoteJWKSet(new URL(metadata.jwks_uri));
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(tokens.id_token, this.keys, { issuer: settings.issuer, audience: settings.clientId, currentDate: now, clockTolerance: this.config.auth.clockToleranceSeconds }));
    } catch (error) {
      throw rejected(`ID token: ${error instanceof Error ? error.message : String(error)}`, 'id-token');
    }
    if (claims.nonce !== request.nonce) throw rejected('the ID token is for another sign-in (nonce)', 'id-token');
    return this.issuer.issue(this.identityOf(claims, settings, now), now);
  }

  private identityOf(claims: JWTPayload, settings: NonNullable<AuthSettings['oidc']>, now: Date): Identity {
    const staffId = claims[settings.staffClaim];
    const member = typeof staffId === 'string' ? this.policy.current(now).staff.find((candidate) => candidate.id === staffId && candidate.active) : undefined;
    if (!member) throw rejected(`no active staff member for ${settings.staffClaim}=${String(staffId)}`, 'unknown-staff');
    const claimedRoles = claims[settings.rolesClaim];
    const roles = Array.isArray(claimedRoles) && claimedRoles.length > 0 ? claimedRoles.filter(isRole) : member.roles;
    if (roles.length === 0) throw rejected(`${settings.rolesClaim} names no known role`, 'no-role');
    const claimedMall = claims[settings.mallClaim];
    const mallId = claimedMall === undefined ? member.mallId : typeof claimedMall === 'string' && claimedMall.length > 0 ? claimedMall : null;
    return { staffId: member.id, name: member.name, roles: [...roles], mallId, departmentId: member.departmentId };
  }
}
