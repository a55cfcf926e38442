import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { CommandRefused, EventContractViolation } from '@mallcare/contracts';
import { StreamVersionConflict } from '@mallcare/event-store';
import type { Request, Response } from 'express';
import { databaseUnavailableAnswer } from './database-unavailable.problem';
import { FailureKind, MallcareException } from './mallcare-exception';

const STATUS_OF: Record<`${FailureKind}`, number> = {
  [FailureKind.Invalid]: HttpStatus.BAD_REQUEST,
  [FailureKind.NotFound]: HttpStatus.NOT_FOUND,
  [FailureKind.Conflict]: HttpStatus.CONFLICT,
  [FailureKind.WrongState]: HttpStatus.UNPROCESSABLE_ENTITY,
  [FailureKind.Forbidden]: HttpStatus.FORBIDDEN,
  [FailureKind.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [FailureKind.Throttled]: HttpStatus.TOO_MANY_REQUESTS,
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

/** body-parser's and Express's own errors (http-errors): a client error they chose to expose, e.g. 413 or bad JSON. */
interface ExposedClientError extends Error {
  status: number;
  expose: true;
  type?: unknown;
  limit?: unknown;
}
const isExposedClientError = (error: unknown): error is ExposedClientError => {
  if (!(error instanceof Error)) return false;
  const { status, expose } = error as Partial<ExposedClientError>;
  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
};

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
    if (typeof problem.retryAfterSeconds === 'number') response.setHeader('Retry-After', String(problem.retryAfterSeconds));
    response.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    // A decider's refusal and a module's own exception answer alike: the code, its kind's status, the details.
    if (exception instanceof MallcareException || exception instanceof CommandRefused) {
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
    if (isExposedClientError(exception)) {
      const code = typeof exception.type === 'string' ? exception.type.replace(/\./g, '-') : `http-${exception.status}`;
      return {
        type: `urn:mallcare:${code}`,
        title: HttpStatus[exception.status]?.toLowerCase().replace(/_/g, '-') ?? 'error',
        status: exception.status,
        code,
        detail: typeof exception.limit === 'number' ? `${exception.message} (at most ${exception.limit} bytes)` : exception.message,
      };
    }
    this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    return { type: 'urn:mallcare:internal', title: 'internal-error', status: 500, detail: 'unexpected error; it has been logged' };
  }
}
