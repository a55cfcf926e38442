import { IsIn, IsInt, IsUUID, Min } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** callback: HQ operations drew this major or critical case into a sample for its own callback (DOMAIN §8). */
export class HqSampleCallbackDrawnV1 {
  @IsUUID()
  sampleId!: string;

  @IsIn(['major', 'critical'])
  severity!: 'major' | 'critical';

  /** How many cases the sample drew, and from how many eligible ones. */
  @IsInt()
  @Min(1)
  sampleSize!: number;

  @IsInt()
  @Min(1)
  eligible!: number;
}
export type HqSampleCallbackDrawn = DomainEvent<'HqSampleCallbackDrawn', HqSampleCallbackDrawnV1>;
