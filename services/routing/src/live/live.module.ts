import { Module } from '@nestjs/common';
import { LiveReadModelRepository } from './live-read-model.repository';
import { LiveFeed } from './live-feed';
import { LiveController } from './live.controller';
import { LIVE_SETTINGS, loadLiveSettings } from './live.settings';
import { LiveStreamsService } from './live-streams.service';

/** GET /live: the consoles' server-sent change stream, fed by one watch on the event logs per process. */
@Module({
  controllers: [LiveController],
  providers: [{ provide: LIVE_SETTINGS, useFactory: () => loadLiveSettings() }, LiveReadModelRepository, LiveFeed, LiveStreamsService],
})
export class LiveModule {}
