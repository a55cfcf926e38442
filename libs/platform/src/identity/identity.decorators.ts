import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@mallcare/contracts';
import type { Request } from 'express';
import type { Identity } from './identity';

export const PUBLIC_ROUTE = 'mallcare:public';
export const REQUIRED_ROLES = 'mallcare:roles';

/** No token needed: health, metrics, docs, sign-in and the issuer's key set, customer-facing lookups. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Any one of these roles may call it; the method's list wins over the controller's. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

export interface AuthenticatedRequest extends Request {
  identity?: Identity;
}

/** The verified identity of the caller (set by the guard; absent only on @Public routes). */
export const CurrentIdentity = createParamDecorator((_: unknown, context: ExecutionContext): Identity | undefined =>
  context.switchToHttp().getRequest<AuthenticatedRequest>().identity,
);
