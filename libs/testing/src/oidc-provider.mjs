// A real OpenID Connect provider (panva's oidc-provider) for tests, run as its own process: the
// group's identity provider stand-in. Accounts and the console's client come from the environment;
// prints "ready <issuer>" once it listens. OIDC_REDIRECT_URI may list several, comma-separated. Dev interactions: any account id signs in, no password.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT ?? 0);
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS ?? '{}');
const redirectUri = process.env.OIDC_REDIRECT_URI;

const server = (await import('node:http')).createServer();
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{ client_id: 'mallcare-console', token_endpoint_auth_method: 'none', redirect_uris: redirectUri.split(','), grant_types: ['authorization_code'], response_types: ['code'] }],
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'mallcare'],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], mallcare: ['mallcare_roles', 'mallcare_mall'] },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['test-only-cookie-key'] },
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account }) };
  },
});
server.on('request', provider.callback());
process.stdout.write(`ready ${issuer}\n`);
