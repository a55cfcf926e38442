import { Body, Controller, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited, CurrentIdentity, Roles, type Identity } from '@mallcare/platform';
import { PERMISSIONS } from '@mallcare/policy';
import { SetPasswordDto } from './sign-in.dto';
import { SignInService } from './sign-in.service';

@ApiTags('admin')
@Controller('admin/staff')
export class StaffPasswordsController {
  constructor(private readonly signIn: SignInService) {}

  @Put(':staffId/password')
  @Roles(...PERMISSIONS['staff-password.set'])
  @HttpCode(HttpStatus.NO_CONTENT)
  @Audited({ action: 'staff.password-set', mallId: () => null })
  @ApiOperation({ summary: 'Set or reset a staff member’s password (a group admin for anyone, a mall GM for their mall’s staff)' })
  @ApiNoContentResponse({ description: 'Set; the member’s failed sign-ins are forgotten' })
  async setPassword(@CurrentIdentity() admin: Identity, @Param('staffId') staffId: string, @Body() dto: SetPasswordDto): Promise<void> {
    await this.signIn.setPassword(admin, staffId, dto.password);
  }
}
