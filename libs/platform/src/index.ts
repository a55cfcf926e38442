export * from './config/service-config';
export * from './errors/mallcare-exception';
export * from './errors/problem-details.filter';
export * from './errors/validation-pipe';
export * from './bootstrap/service-platform.module';
export * from './bootstrap/start-service';
export * from './metrics/metrics.controller';
export * from './health/health.controller';
