import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class SignInDto {
  @ApiProperty({ example: 'sh01-desk-1', description: 'A staff id of the current policy' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'staffId must be lower-case letters, digits or dashes' })
  staffId!: string;

  @ApiProperty({ description: 'The staff member’s password; with none set yet, this one becomes it', format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

export class SetPasswordDto {
  @ApiProperty({ format: 'password', description: 'At least AUTH_PASSWORD_MIN_LENGTH characters' })
  @IsString()
  @MaxLength(256)
  password!: string;
}
