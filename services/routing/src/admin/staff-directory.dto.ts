import { ApiProperty } from '@nestjs/swagger';

/** One person of the staff directory: enough to name who did what, nothing more (no roles, no contacts). */
export class StaffDirectoryEntryDto {
  @ApiProperty({ example: 'sh01-engineering-1' }) staffId!: string;
  @ApiProperty({ example: '钱志强' }) name!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null: HQ staff' }) mallId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'engineering' }) departmentId!: string | null;
  @ApiProperty({ description: 'false: no longer working here (the log still names them)' }) active!: boolean;
}

export class StaffDirectoryDto {
  @ApiProperty({ type: [StaffDirectoryEntryDto] }) items!: StaffDirectoryEntryDto[];
}
