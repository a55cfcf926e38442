import { Body, Controller, Get, Header, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { identityOfStaff, PolicyStore, Public, SERVICE_CONFIG, SignInThrottle, type ServiceConfig } from '@mallcare/platform';
import { AuthException, AuthExceptionCode } from './auth.exception';
import { IssueTokenDto } from './issue-token.dto';
import { SignInDto } from './sign-in.dto';
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
  ) {}

  @Post('sign-in')
  @Public()
  @SignInThrottle()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in with staff id and password → a bearer token',
    description: '401 for a wrong id or password (the same answer for both); 429 with Retry-After once locked. A staff member with no password yet sets it by signing in once.',
  })
  async signInWithPassword(@Body() dto: SignInDto) {
    const { firstPassword: _first, ...issued } = await this.signIn.signIn(dto.staffId, dto.password);
    return issued;
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
  issue(@Body() dto: IssueTokenDto) {
    if (!this.config.auth.demoTokens) throw new AuthException(AuthExceptionCode.DemoTokensOff, 'demo tokens are off (AUTH_DEMO_TOKENS); sign in with POST /auth/sign-in');
    const identity = identityOfStaff(this.policy.current(), dto.staffId);
    if (!identity) throw new AuthException(AuthExceptionCode.UnknownStaff, `no active staff member ${dto.staffId}`);
    return this.issuer.issue(identity);
  }
}
