import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentIdentity, Roles, type Identity } from '@mallcare/platform';
import { PERMISSIONS } from '@mallcare/policy';
import { DeliveryListQueryDto, InboxQueryDto, OptOutsDto, StaffContactsDto } from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';

/** Who watches delivery across the group: failed messages, their tries. */
const DELIVERY_WATCHER_ROLES = PERMISSIONS['notification-delivery.watch'];

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('inbox')
  @ApiOperation({ summary: "The caller's notifications, newest first, with the unread count; paged" })
  inbox(@Query() query: InboxQueryDto, @CurrentIdentity() identity: Identity) {
    return this.notifications.inbox(identity, query.limit, query.offset, query.unread === true);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark one of your notifications read (404 when it is not yours)' })
  read(@Param('id') id: string, @CurrentIdentity() identity: Identity) {
    return this.notifications.markRead(identity, /^\d{1,18}$/.test(id) ? id : '0');
  }

  @Get('preferences')
  @ApiOperation({ summary: 'Your opt-outs, and the kinds the procedures let you switch off' })
  preferences(@CurrentIdentity() identity: Identity) {
    return this.notifications.optOutsOf(identity);
  }

  @Put('preferences')
  @ApiOperation({ summary: 'Replace your opt-outs (e-mail/SMS of the kinds allowed; never major/critical or collective)' })
  savePreferences(@Body() dto: OptOutsDto, @CurrentIdentity() identity: Identity) {
    return this.notifications.saveOptOuts(identity, dto.optOuts);
  }

  @Get('contacts/:staffId')
  @ApiOperation({ summary: "A person's e-mail and mobile: your own in clear, masked for a group admin" })
  @ApiOkResponse({ description: "The person's e-mail and mobile, masked unless they are yours" })
  @ApiUnprocessableEntityResponse({ description: 'contact details cannot be kept here: NOTIFY_CONTACTS_MASTER_KEY is not set' })
  contacts(@Param('staffId') staffId: string, @CurrentIdentity() identity: Identity) {
    return this.notifications.contactsOf(identity, staffId);
  }

  @Put('contacts/:staffId')
  @ApiOperation({ summary: 'Set your own (or, as group admin, anyone’s) e-mail and mobile; stored encrypted' })
  @ApiOkResponse({ description: "The person's e-mail and mobile, masked unless they are yours" })
  @ApiUnprocessableEntityResponse({ description: 'contact details cannot be kept here: NOTIFY_CONTACTS_MASTER_KEY is not set' })
  saveContacts(@Param('staffId') staffId: string, @Body() dto: StaffContactsDto, @CurrentIdentity() identity: Identity) {
    return this.notifications.saveContacts(identity, staffId, { email: dto.email, mobile: dto.mobile });
  }

  @Get('deliveries')
  @Roles(...DELIVERY_WATCHER_ROLES)
  @ApiOperation({ summary: 'Deliveries by status and channel (status=failed: what was given up on), newest first; paged' })
  deliveries(@Query() query: DeliveryListQueryDto) {
    return this.notifications.deliveries(query);
  }

  @Get('deliveries/:id/attempts')
  @Roles(...DELIVERY_WATCHER_ROLES)
  @ApiOperation({ summary: 'Every try of one delivery: worker, outcome, error' })
  attempts(@Param('id') id: string) {
    return this.notifications.attemptsOf(id);
  }
}
