import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { AttachmentsService } from './attachments.service';

/** Every hour at :15: uploads left behind by a registration that was never saved are deleted. */
@Injectable()
export class UnclaimedAttachmentsSchedule {
  private readonly logger = new Logger('intake:attachments');

  constructor(private readonly attachments: AttachmentsService) {}

  @Cron('0 15 * * * *', { name: 'intake-unclaimed-attachments', waitForCompletion: true })
  async tick(): Promise<void> {
    try {
      const deleted = await this.attachments.sweepUnclaimed(new Date());
      if (deleted > 0) this.logger.log(`deleted ${deleted} uploads no registration named`);
    } catch (error) {
      this.logger.error(`sweeping unclaimed uploads: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
