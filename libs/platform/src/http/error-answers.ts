import { ParseUUIDPipe, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from '../identity/identity.decorators';

/** Who may call an operation: no token needed, or a token with one of these roles (empty: any staff). */
export interface OperationAccess {
  public: boolean;
  roles: string[];
  /** Path parameters the route parses as UUIDs (documented `format: uuid`, so clients and fuzzers send one). */
  uuidParameters: string[];
}

interface RouteArgument {
  data?: unknown;
  pipes?: unknown[];
}

const uuidParametersOf = (controller: object, method: string): string[] => {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller.constructor, method) ?? {}) as Record<string, RouteArgument>;
  return Object.entries(args)
    .filter(([key, arg]) => Number(key.split(':')[0]) === RouteParamtypes.PARAM && typeof arg.data === 'string')
    .filter(([, arg]) => (arg.pipes ?? []).some((pipe) => pipe === ParseUUIDPipe || pipe instanceof ParseUUIDPipe))
    .map(([, arg]) => arg.data as string);
};

/** The operation id every service's OpenAPI uses: `<Controller>_<method>`, unique within a service. */
export const operationIdOf = (controllerKey: string, methodKey: string): string => `${controllerKey}_${methodKey}`;

/** Who may call each route of the application, by operation id, read from @Public and @Roles. */
export const operationAccessOf = (app: INestApplication): Map<string, OperationAccess> => {
  const reflector = new Reflector();
  const access = new Map<string, OperationAccess>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const targets = [handler, controller];
        access.set(operationIdOf(controller.name, name), {
          public: reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) === true,
          roles: reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, targets) ?? [],
          uuidParameters: uuidParametersOf(prototype, name),
        });
      }
    }
  }
  return access;
};

const PROBLEM_SCHEMA = 'ProblemDetails';
const problemDetailsSchema = {
  type: 'object',
  description: 'RFC 9457 problem details; `errors` names each failing field of a 400',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'messages'],
        properties: { field: { type: 'string' }, messages: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
  additionalProperties: true,
};

const WHY: Record<number, string> = {
  400: 'the request is invalid: each failing field is named in `errors`',
  401: 'no valid bearer token',
  403: "the caller's roles or mall do not allow it",
  404: 'no such resource (or not visible to the caller)',
  409: 'conflicts with a concurrent change or an earlier request; reload and retry',
  413: 'the body is larger than the limit',
  415: 'the body is not JSON in a supported charset',
  422: 'not allowed in the current state',
  429: 'too many attempts; retry later',
};

const WRITES = new Set(['post', 'put', 'patch', 'delete']);

/** The error answers an operation can give, from what it takes and who may call it. */
const errorStatusesOf = (method: string, path: string, operation: Record<string, unknown>, access: OperationAccess | undefined): number[] => {
  const statuses = new Set<number>();
  const parameters = (operation.parameters as unknown[] | undefined) ?? [];
  const body = operation.requestBody !== undefined;
  if (parameters.length > 0 || body) statuses.add(400);
  if (!access?.public) statuses.add(401).add(403);
  // Every route is rate-limited per client (THROTTLE_LIMIT), public ones (sign-in, the customer look-up) more tightly.
  statuses.add(429);
  if (path.includes('{') || WRITES.has(method)) statuses.add(404);
  if (WRITES.has(method)) statuses.add(409).add(422);
  if (body) statuses.add(413).add(415);
  return [...statuses].sort((a, b) => a - b);
};

/**
 * Every operation of the document lists the error answers it can give, each as problem details, and
 * carries `x-mallcare-roles` (who may call it) for clients and the API fuzzing in the test suite.
 * Done once for every service here rather than by hand on each route.
 */
export const documentErrorAnswers = (document: OpenAPIObject, access: Map<string, OperationAccess>): OpenAPIObject => {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, [PROBLEM_SCHEMA]: problemDetailsSchema };
  const problem = { 'application/problem+json': { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` } } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item as Record<string, unknown>)) {
      if (!['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(method)) continue;
      const operation = value as Record<string, unknown> & { responses: Record<string, unknown>; operationId?: string };
      const routeAccess = operation.operationId ? access.get(operation.operationId) : undefined;
      for (const status of errorStatusesOf(method, path, operation, routeAccess)) {
        operation.responses[String(status)] ??= { description: WHY[status], content: problem };
      }
      for (const parameter of (operation.parameters as { in: string; name: string; schema?: Record<string, unknown> }[] | undefined) ?? []) {
        if (parameter.in === 'path' && routeAccess?.uuidParameters.includes(parameter.name)) parameter.schema = { ...parameter.schema, format: 'uuid' };
      }
      if (routeAccess) {
        operation['x-mallcare-roles'] = routeAccess.public ? 'public' : routeAccess.roles;
        if (routeAccess.public) operation.security = [];
      }
    }
  }
  return document;
};
