import type { OpenAPIObject } from '@nestjs/swagger';
import { documentErrorAnswers, type OperationAccess } from './error-answers';

const documentOf = (paths: OpenAPIObject['paths']): OpenAPIObject => ({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths });
const statuses = (operation: unknown) => Object.keys((operation as { responses: Record<string, unknown> }).responses);

describe('the error answers every operation documents', () => {
  const access = new Map<string, OperationAccess>([
    ['Cases_reopen', { public: false, roles: ['mall-gm'], uuidParameters: ['id'] }],
    ['Cases_list', { public: false, roles: [], uuidParameters: [] }],
    ['Lookup_status', { public: true, roles: [], uuidParameters: [] }],
  ]);
  const document = documentErrorAnswers(
    documentOf({
      '/cases/{id}/reopen': {
        post: {
          operationId: 'Cases_reopen',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { '201': { description: 'reopened' } },
        },
      },
      '/cases': { get: { operationId: 'Cases_list', parameters: [{ name: 'status', in: 'query', schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } } },
      '/public/status': { get: { operationId: 'Lookup_status', responses: { '200': { description: 'ok' } } } },
    }),
    access,
  );

  it('gives a command every answer it can give, as problem details, and says who may call it', () => {
    const reopen = document.paths['/cases/{id}/reopen'].post as unknown as Record<string, unknown>;
    expect(statuses(reopen)).toEqual(['201', '400', '401', '403', '404', '409', '413', '415', '422', '429']);
    expect(reopen['x-mallcare-roles']).toEqual(['mall-gm']);
    expect(JSON.stringify((reopen.responses as Record<string, unknown>)['422'])).toContain('#/components/schemas/ProblemDetails');
    expect((reopen.parameters as { schema: unknown }[])[0].schema).toEqual({ type: 'string', format: 'uuid' });
  });

  it('gives a filtered read 400/401/403/429 and a public route no token and 429', () => {
    expect(statuses(document.paths['/cases'].get)).toEqual(['200', '400', '401', '403', '429']);
    const lookup = document.paths['/public/status'].get as unknown as Record<string, unknown>;
    expect(statuses(lookup)).toEqual(['200', '429']);
    expect(lookup.security).toEqual([]);
    expect(lookup['x-mallcare-roles']).toBe('public');
    expect(document.components?.schemas?.ProblemDetails).toBeDefined();
  });
});
