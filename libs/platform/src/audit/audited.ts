import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, mergeMap, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../identity/identity.decorators';
import { AuditTrail } from './audit-trail';

const AUDITED = 'mallcare:audited';

export interface AuditRule {
  /** The action recorded; a function of the request where one controller does several. */
  action: string | ((request: AuthenticatedRequest) => string);
  /** What it was about: by default the route's first parameter (`:id`, `:subjectId`, `:staffId`, `:mallId`). */
  subject?: (request: AuthenticatedRequest, result: unknown) => string | null;
  mallId?: (request: AuthenticatedRequest, result: unknown) => string | null;
  /** Record only when the answer says so (e.g. a case read that showed the contact in clear). */
  when?: (result: unknown) => boolean;
  /** On a controller: record only requests that change something (not GET/HEAD). */
  changesOnly?: boolean;
}

/** Record every successful call of this handler (or, on a controller, of its changing handlers) in the audit trail. */
export const Audited = (rule: AuditRule): MethodDecorator & ClassDecorator => SetMetadata(AUDITED, rule);

const parameter = (value: string | string[] | undefined): string | null => (Array.isArray(value) ? value.join('/') : (value ?? null));
const firstParameter = (request: AuthenticatedRequest): string | null => parameter(Object.values(request.params ?? {})[0]);

@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly trail: AuditTrail,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const rule = this.reflector.getAllAndOverride<AuditRule | undefined>(AUDITED, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!rule || (rule.changesOnly && ['GET', 'HEAD'].includes(request.method))) return next.handle();
    return next.handle().pipe(
      mergeMap((result: unknown) => {
        if (rule.when && !rule.when(result)) return from([result]);
        const identity = request.identity;
        const record = this.trail.record({
          actorId: identity?.staffId ?? 'anonymous',
          actorRoles: identity?.roles ?? [],
          action: typeof rule.action === 'function' ? rule.action(request) : rule.action,
          outcome: 'success',
          subject: rule.subject ? rule.subject(request, result) : firstParameter(request),
          mallId: rule.mallId ? rule.mallId(request, result) : (parameter(request.params?.mallId) ?? identity?.mallId ?? null),
          clientAddress: request.ip ?? null,
          details: { method: request.method, route: (request.route as { path?: string } | undefined)?.path ?? null },
        });
        // The answer leaves only once its audit entry is written.
        return from(record.then(() => result));
      }),
    );
  }
}
