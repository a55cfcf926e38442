import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { SERVICE_NAMES, type ServiceName } from '@mallcare/contracts';
import { loadServiceConfig, type ServiceDefinition } from '@mallcare/platform';
import { TEST_AUTH_JWKS } from '@mallcare/testing';
import { analyticsService } from '../services/analytics/src/analytics.service-definition';
import { callbackService } from '../services/callback/src/callback.service-definition';
import { resolveRoute } from '../services/gateway/src/gateway';
import { intakeService } from '../services/intake/src/intake.service-definition';
import { routingService } from '../services/routing/src/routing.service-definition';
import { slaMonitorService } from '../services/sla-monitor/src/sla-monitor.service-definition';

const DEFINITIONS: Record<ServiceName, ServiceDefinition> = {
  intake: intakeService,
  routing: routingService,
  'sla-monitor': slaMonitorService,
  callback: callbackService,
  analytics: analyticsService,
};

/** A service's own operational endpoints: the gateway reaches them as /<service>/…, not at the root. */
const PLATFORM_PATHS = ['/health', '/metrics', '/docs'];

/**
 * Every path in a service's OpenAPI document, read in Nest's preview mode (the controllers' metadata,
 * no provider built, no database): what the service answers, as the console's client sees it.
 */
const openApiPaths = async (service: ServiceName): Promise<string[]> => {
  const config = loadServiceConfig(service, { DATABASE_URL: 'postgres://preview@127.0.0.1:1/none', AUTH_JWKS: TEST_AUTH_JWKS });
  const app = await NestFactory.create(DEFINITIONS[service].module(config), { preview: true, logger: false, abortOnError: false });
  try {
    return Object.keys(SwaggerModule.createDocument(app, new DocumentBuilder().build()).paths);
  } finally {
    await app.close();
  }
};

/** A concrete URL for an OpenAPI path template: each {param} filled with a plausible value. */
const concrete = (template: string): string => template.replace(/\{[^}]+\}/g, '7b7b7b7b-0000-4000-8000-000000000001');

describe('the gateway reaches every route of every service (issue 11 item 8)', () => {
  it.each(SERVICE_NAMES.map((service) => [service]))('%s: each OpenAPI path resolves to that service, path kept', async (service) => {
    const paths = await openApiPaths(service);
    expect(paths.length).toBeGreaterThan(1);
    const unreachable: string[] = [];
    for (const template of paths) {
      const path = concrete(template);
      const platform = PLATFORM_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
      const publicUrl = platform ? `/${service}${path}` : path;
      const route = resolveRoute(publicUrl);
      if (route?.service !== service || route.path !== path) unreachable.push(`${template} (as ${publicUrl} → ${route ? `${route.service} ${route.path}` : 'no service answers'})`);
    }
    expect(unreachable).toEqual([]);
  });

  it('reaches intake’s person look-up and erasure, which no gateway route covered', () => {
    expect(resolveRoute('/subjects/lookup')).toEqual({ service: 'intake', path: '/subjects/lookup' });
    expect(resolveRoute('/subjects/7b7b7b7b-0000-4000-8000-000000000001/erasure')).toEqual({
      service: 'intake',
      path: '/subjects/7b7b7b7b-0000-4000-8000-000000000001/erasure',
    });
  });
});
