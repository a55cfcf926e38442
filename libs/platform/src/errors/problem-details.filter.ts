import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { EventContractViolation } from '@mallcare/contracts';
import { StreamVersionConflict } from '@mallcare/event-store';
import type { Request, Response } from 'express';
import { databaseUnavailableAnswer } from './database-unavailable.problem';
import { FailureKind, MallcareException } from './mallcare-exception';

const STATUS_OF: Record<FailureKind, number> = {
  [FailureKind.Invalid]: HttpStatus.BAD_REQUEST,
  [FailureKind.NotFound]: HttpStatus.NOT_FOUND,
  [FailureKind.Conflict]: HttpStatus.CONFLICT,
  [FailureKind.WrongState]: HttpStatus.UNPROCESSABLE_ENTITY,
  [FailureKind.Forbidden]: HttpStatus.FORBIDDEN,
  [FailureKind.Unauthenticated]: HttpStatus.UNAUTHORIZED,
};

interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** Every error leaves as RFC 9457 problem details; only unexpected ones are logged as errors. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const unavailable = databaseUnavailableAnswer(exception);
    if (unavailable) response.set(unavailable.headers);
    const problem: ProblemDetails = unavailable ? { ...unavailable.problem } : this.toProblem(exception);
    problem.instance = request.originalUrl;
    if (problem.status === HttpStatus.UNAUTHORIZED) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof MallcareException) {
      const status = STATUS_OF[exception.kind];
      return { type: `urn:mallcare:${exception.code}`, title: exception.kind, status, code: exception.code, detail: exception.message, ...exception.details };
    }
    if (exception instanceof StreamVersionConflict) {
      return { type: `urn:mallcare:${exception.code}`, title: 'conflict', status: 409, code: exception.code, detail: `${exception.message}; reload and try again` };
    }
    if (exception instanceof EventContractViolation) {
      return { type: `urn:mallcare:${exception.code}`, title: 'invalid', status: 422, code: exception.code, detail: exception.message, errors: exception.fieldErrors };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const extra = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
      return {
        type: `urn:mallcare:http-${status}`,
        title: HttpStatus[status]?.toLowerCase().replace(/_/g, '-') ?? 'error',
        status,
        detail: typeof extra.message === 'string' ? extra.message : exception.message,
        ...(Array.isArray(extra.errors) ? { errors: extra.errors } : {}),
      };
    }
    this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    return { type: 'urn:mallcare:internal', title: 'internal-error', status: 500, detail: 'unexpected error; it has been logged' };
  }
}
