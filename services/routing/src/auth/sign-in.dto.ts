import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';

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

/** What the console sends back after the provider redirected to it with a code. */
export class OidcCodeDto {
  @ApiProperty({ description: 'The authorization code from the redirect' })
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  code!: string;

  @ApiProperty({ description: 'The PKCE verifier the console made for this sign-in (RFC 7636: 43–128 characters)' })
  @Matches(/^[A-Za-z0-9._~-]{43,128}$/, { message: 'codeVerifier must be 43–128 unreserved characters' })
  codeVerifier!: string;

  @ApiProperty({ example: 'https://mallcare.example/callback' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'redirectUri must be an http(s) URL' })
  redirectUri!: string;

  @ApiProperty({ description: 'The nonce the console put in the authorization request' })
  @Matches(/^[A-Za-z0-9._~-]{16,128}$/, { message: 'nonce must be 16–128 unreserved characters' })
  nonce!: string;
}
