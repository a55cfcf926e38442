import { Body, Controller, HttpCode, HttpStatus, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { identityOfStaff, PolicyStore, Public, SERVICE_CONFIG, signStaffToken, type ServiceConfig } from '@mallcare/platform';
import { IssueTokenDto } from './issue-token.dto';

/** A shift's length: long enough for a working day, short enough that a leaked token soon stops working. */
const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

/**
 * The local token issuer (AUTH_LOCAL_ISSUER=true, which `npm start` sets): a token for any active staff
 * member of the policy, no password. For development and demos; the group's identity provider
 * replaces it by issuing tokens with the same claims.
 */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly policy: PolicyStore,
  ) {}

  @Post('token')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Issue a staff token (local issuer; 404 unless AUTH_LOCAL_ISSUER=true)' })
  issue(@Body() dto: IssueTokenDto) {
    if (!this.config.authLocalIssuer) throw new NotFoundException('the local token issuer is off (AUTH_LOCAL_ISSUER)');
    const identity = identityOfStaff(this.policy.current(), dto.staffId);
    if (!identity) throw new NotFoundException(`no active staff member ${dto.staffId}`);
    const token = signStaffToken(identity, { secret: this.config.authJwtSecret, expiresInSeconds: TOKEN_LIFETIME_SECONDS, issuer: 'mallcare-local' });
    return { accessToken: token, tokenType: 'Bearer', expiresIn: TOKEN_LIFETIME_SECONDS, identity };
  }
}
