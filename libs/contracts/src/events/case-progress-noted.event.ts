import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** routing: a handling or assisting department wrote down what it did or found. */
export class CaseProgressNotedV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note!: string;

  /** The writer's department; absent when one of the mall's leaders (director, GM) writes. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  departmentId?: string;
}
export type CaseProgressNoted = DomainEvent<'CaseProgressNoted', CaseProgressNotedV1>;
