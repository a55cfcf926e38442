import { resolveRoute, upstreamsFromEnv } from './gateway';

describe('gateway routes', () => {
  it('sends each resource to the service that owns it, keeping the path', () => {
    expect(resolveRoute('/complaints')).toEqual({ service: 'intake', path: '/complaints' });
    expect(resolveRoute('/complaints/abc/timeline?x=1')).toEqual({ service: 'intake', path: '/complaints/abc/timeline?x=1' });
    expect(resolveRoute('/cases/abc/resolve')).toEqual({ service: 'routing', path: '/cases/abc/resolve' });
    expect(resolveRoute('/audit?action=sign-in.failed')).toEqual({ service: 'routing', path: '/audit?action=sign-in.failed' });
    expect(resolveRoute('/auth/jwks.json')).toEqual({ service: 'routing', path: '/auth/jwks.json' });
    expect(resolveRoute('/clocks/abc')).toEqual({ service: 'sla-monitor', path: '/clocks/abc' });
    expect(resolveRoute('/callbacks/due')).toEqual({ service: 'callback', path: '/callbacks/due' });
    expect(resolveRoute('/analytics/counts?mallId=SH01')).toEqual({ service: 'analytics', path: '/analytics/counts?mallId=SH01' });
    expect(resolveRoute('/subjects/lookup')).toEqual({ service: 'intake', path: '/subjects/lookup' });
  });

  it('reaches a service own endpoints under its name, prefix removed', () => {
    expect(resolveRoute('/sla-monitor/metrics')).toEqual({ service: 'sla-monitor', path: '/metrics' });
    expect(resolveRoute('/intake/docs')).toEqual({ service: 'intake', path: '/docs' });
    expect(resolveRoute('/routing')).toEqual({ service: 'routing', path: '/' });
    expect(resolveRoute('/analytics/metrics')).toEqual({ service: 'analytics', path: '/metrics' });
    expect(resolveRoute('/analytics/health/ready')).toEqual({ service: 'analytics', path: '/health/ready' });
    expect(resolveRoute('/analytics/docs-json')).toEqual({ service: 'analytics', path: '/docs-json' });
  });

  it('answers nothing for unknown paths or look-alike prefixes', () => {
    expect(resolveRoute('/complaintsx')).toBeNull();
    expect(resolveRoute('/nothing')).toBeNull();
  });

  it('takes upstream URLs from the environment', () => {
    expect(upstreamsFromEnv({ SLA_MONITOR_URL: 'http://sla:9' })['sla-monitor']).toBe('http://sla:9');
    expect(upstreamsFromEnv({}).intake).toBe('http://127.0.0.1:3001');
  });
});
