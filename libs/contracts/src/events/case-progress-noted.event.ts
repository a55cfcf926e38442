import { IsOptional } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/** routing: a handling or assisting department wrote down what it did or found. */
export class CaseProgressNotedV1 {
  @IsNonEmptyString(4000)
  note!: string;

  /** The writer's department; absent when one of the mall's leaders (director, GM) writes. */
  @IsOptional()
  @IsNonEmptyString(64)
  departmentId?: string;
}
export type CaseProgressNoted = DomainEvent<'CaseProgressNoted', CaseProgressNotedV1>;
