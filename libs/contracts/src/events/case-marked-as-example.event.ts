import { IsIn } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { CATEGORIES, type Category } from '../vocabulary';
import { IsNonEmptyString } from './field-rules';

/**
 * analytics: a resolved or closed case was marked as an example for training (案例库, 000 §4.11),
 * with why it is worth learning from; the actor is who marked it.
 */
export class CaseMarkedAsExampleV1 {
  @IsNonEmptyString(64)
  caseNumber!: string;

  @IsIn(CATEGORIES)
  category!: Category;

  @IsNonEmptyString(2000)
  note!: string;
}
export type CaseMarkedAsExample = DomainEvent<'CaseMarkedAsExample', CaseMarkedAsExampleV1>;
