import { Module } from '@nestjs/common';
import { AuditController } from '../audit/audit.controller';
import { AuthController } from './auth.controller';
import { CredentialsRepository } from './credentials.repository';
import { OidcSignIn } from './oidc-sign-in.service';
import { SignInService } from './sign-in.service';
import { StaffPasswordsController } from './staff-passwords.controller';
import { TokenIssuer } from './token-issuer';

@Module({ controllers: [AuthController, StaffPasswordsController, AuditController], providers: [TokenIssuer, CredentialsRepository, SignInService, OidcSignIn] })
export class AuthModule {}
