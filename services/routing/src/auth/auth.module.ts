import { Module } from '@nestjs/common';
import { AuditController } from '../audit/audit.controller';
import { AuthController } from './auth.controller';
import { CredentialsRepository } from './credentials.repository';
import { SignInService } from './sign-in.service';
import { StaffPasswordsController } from './staff-passwords.controller';
import { TokenIssuer } from './token-issuer';

@Module({ controllers: [AuthController, StaffPasswordsController, AuditController], providers: [TokenIssuer, CredentialsRepository, SignInService] })
export class AuthModule {}
