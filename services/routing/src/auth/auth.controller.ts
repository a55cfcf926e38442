import { Body, Controller, Get, Header, HttpCode, HttpStatus, Inject, Ip, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditTrail, identityOfStaff, PolicyStore, Public, SERVICE_CONFIG, SignInThrottle, type ServiceConfig } from '@mallcare/platform';
import { AuthException } from './auth.exception';
import { IssueTokenDto } from './issue-token.dto';
import { OidcSignIn } from './oidc-sign-in.service';
import { OidcCodeDto, SignInDto } from './sign-in.dto';
import { SignInService } from './sign-in.service';
import { TokenIssuer } from './token-issuer';

/** The built-in issuer's public endpoints: sign-in, its key set, and the demo shortcut. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly policy: PolicyStore,
    private readonly issuer: TokenIssuer,
    private readonly signIn: SignInService,
    private readonly audit: AuditTrail,
    private readonly oidc: OidcSignIn,
  ) {}

  @Get('oidc/config')
  @Public()
  @ApiOperation({ summary: 'Where the console starts a sign-in with the group’s identity provider (authorization code + PKCE); 404 without one' })
  @ApiOkResponse({ description: 'The provider’s authorization endpoint, the client id and the scope' })
  @ApiNotFoundResponse({ description: 'No identity provider is configured (OIDC_ISSUER)' })
  oidcConfiguration() {
    return this.oidc.clientConfiguration();
  }

  @Post('oidc/token')
  @Public()
  @SignInThrottle()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Redeem the provider’s code (with the PKCE verifier) for a staff token; 401 when the provider or the policy refuses' })
  async signInWithProvider(@Body() dto: OidcCodeDto, @Ip() clientAddress: string) {
    try {
      const issued = await this.oidc.exchange(dto);
      const { staffId, roles, mallId } = issued.identity;
      await this.audit.record({ actorId: staffId, actorRoles: roles, subject: staffId, mallId, clientAddress, action: 'sign-in.succeeded', outcome: 'success', details: { via: 'oidc' } });
      return issued;
    } catch (error) {
      if (error instanceof AuthException && error.code === 'AUTH_OIDC_REJECTED') {
        await this.audit.record({ actorId: 'oidc', actorRoles: [], subject: null, mallId: null, clientAddress, action: 'sign-in.failed', outcome: 'failure', details: { via: 'oidc', reason: error.message } });
      }
      throw error;
    }
  }

  @Post('sign-in')
  @Public()
  @SignInThrottle()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in with staff id and password → a bearer token',
    description: '401 for a wrong id or password (the same answer for both); 429 with Retry-After once locked. A staff member with no password yet sets it by signing in once.',
  })
  async signInWithPassword(@Body() dto: SignInDto, @Ip() clientAddress: string) {
    // Every attempt is audited, the failed ones under the id that was tried.
    const entry = { actorId: dto.staffId, subject: dto.staffId, clientAddress };
    try {
      const { firstPassword, ...issued } = await this.signIn.signIn(dto.staffId, dto.password);
      const { roles, mallId } = issued.identity;
      await this.audit.record({ ...entry, actorRoles: roles, mallId, action: 'sign-in.succeeded', outcome: 'success', details: { firstPassword } });
      return issued;
    } catch (error) {
      if (error instanceof AuthException) {
        const action = error.code === 'AUTH_LOCKED' ? 'sign-in.locked' : 'sign-in.failed';
        await this.audit.record({ ...entry, actorRoles: [], mallId: null, action, outcome: 'failure', details: { code: error.code } });
      }
      throw error;
    }
  }

  @Get('jwks.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'The public keys staff tokens are verified with (JWKS, RFC 7517)' })
  jwks() {
    return this.issuer.publicKeySet();
  }

  /** A token for a staff id alone, no password: for the embedded demo (AUTH_DEMO_TOKENS=true), never in production. */
  @Post('token')
  @Public()
  @SignInThrottle()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Demo shortcut: a staff token without a password (404 unless AUTH_DEMO_TOKENS=true)' })
  async issue(@Body() dto: IssueTokenDto, @Ip() clientAddress: string) {
    if (!this.config.auth.demoTokens) throw new AuthException('AUTH_DEMO_TOKENS_OFF', 'demo tokens are off (AUTH_DEMO_TOKENS); sign in with POST /auth/sign-in');
    const identity = identityOfStaff(this.policy.current(), dto.staffId);
    if (!identity) throw new AuthException('AUTH_UNKNOWN_STAFF', `no active staff member ${dto.staffId}`);
    const issued = this.issuer.issue(identity);
    await this.audit.record({ actorId: identity.staffId, actorRoles: identity.roles, subject: identity.staffId, mallId: identity.mallId, clientAddress, action: 'sign-in.demo-token', outcome: 'success' });
    return issued;
  }
}
