import { ApiProperty } from '@nestjs/swagger';
import { POLICY_CHANGE_KINDS, type PolicyChangeKind } from '@mallcare/contracts';

/** OpenAPI shapes of `GET /admin/policy/history` (the service returns plain objects of these shapes). */

/** A changed value is whatever the policy holds there: a number, a flag, a text, a part or a list. */
const ANY_JSON_VALUE = [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'object' }, { type: 'array', items: {} }];

export class PolicyDifferenceDto {
  @ApiProperty({ example: 'malls[GZ01].settings.collective.windowMinutes', description: 'Objects by key, things with an id (malls, staff, departments, rules) by [id]' })
  path!: string;

  @ApiProperty({ nullable: true, oneOf: ANY_JSON_VALUE, description: 'The value before (null: absent)' })
  before!: unknown;

  @ApiProperty({ nullable: true, oneOf: ANY_JSON_VALUE, description: 'The value after (null: removed)' })
  after!: unknown;
}

export class PolicyHistoryEntryDto {
  @ApiProperty({ example: 'sample-group-r2' }) version!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ example: 'sample-group-r1' }) previousVersion!: string;
  @ApiProperty({ format: 'date-time', description: 'From when this version applies' }) effectiveFrom!: string;
  @ApiProperty({ format: 'date-time', description: 'When the change was made' }) changedAt!: string;
  @ApiProperty({ example: 'hq-admin' }) changedBy!: string;
  @ApiProperty({ enum: POLICY_CHANGE_KINDS }) kind!: PolicyChangeKind;
  @ApiProperty({ nullable: true, type: String, description: 'The mall it concerns; null for the whole group' }) mallId!: string | null;
  @ApiProperty({ nullable: true, type: String }) staffId!: string | null;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: [PolicyDifferenceDto], description: 'What changed from the previous version, leaf by leaf (at most 200)' }) differences!: PolicyDifferenceDto[];
}

export class PolicyHistoryPageDto {
  @ApiProperty({ type: [PolicyHistoryEntryDto], description: 'Newest first' }) items!: PolicyHistoryEntryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
