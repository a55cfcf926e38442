import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createHash } from 'node:crypto';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { accessToken, body, routing, setAccessToken } from '../api/client';
import { newQueryClient, Providers } from '../app/Providers';
import { browserNavigation } from '../auth/oidc';
import { SessionProvider, useSession } from '../auth/session';
import { ENGINEERING_MANAGER, route, serveApi } from '../test-support';
import OidcCallbackPage from './OidcCallbackPage';
import ReauthDialog from './ReauthDialog';
import SignInPage from './SignInPage';

const CONFIG = { issuer: 'http://127.0.0.1:4000', authorizationEndpoint: 'http://127.0.0.1:4000/auth', clientId: 'mallcare-console', scope: 'openid profile mallcare', codeChallengeMethod: 'S256' };
const TOKEN = { accessToken: 'oidc-token', tokenType: 'Bearer', expiresIn: 43_200, identity: ENGINEERING_MANAGER };
const PENDING_KEY = 'mallcare.oidc.pending';

const Where = () => {
  const location = useLocation();
  const { identity } = useSession();
  return (
    <span data-testid="where">
      {location.pathname}
      {location.search} {identity?.staffId ?? 'nobody'}
    </span>
  );
};

const mount = (path: string) =>
  render(
    <Providers client={newQueryClient()}>
      <SessionProvider>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path="/sign-in" element={<SignInPage />} />
            <Route path="/sign-in/callback" element={<OidcCallbackPage />} />
            <Route path="*" element={null} />
          </Routes>
          <Where />
        </MemoryRouter>
      </SessionProvider>
    </Providers>,
  );

const pending = (overrides: Record<string, string> = {}) => {
  const value = { issuer: CONFIG.issuer, authorizationEndpoint: CONFIG.authorizationEndpoint, clientId: CONFIG.clientId, state: 'state-of-this-tab', nonce: 'nonce-of-this-tab-0123', codeVerifier: 'v'.repeat(43), next: '/queue', ...overrides };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(value));
  return value;
};

/** jsdom's ArrayBuffer is not the one Node's WebCrypto answers with (a browser has one realm): PKCE's digest needs them alike. */
const webCryptoRealm = async () => vi.stubGlobal('ArrayBuffer', (await crypto.subtle.digest('SHA-256', new Uint8Array(1))).constructor);

afterEach(() => {
  vi.restoreAllMocks();
  sessionStorage.clear();
  setAccessToken(null);
});

describe('the sign-in page and the group’s identity provider', () => {
  it('offers no provider button when routing names none (404)', async () => {
    const requests = serveApi(route('GET', /^\/auth\/oidc\/config$/, 404, { status: 404, code: 'AUTH_OIDC_OFF' }));
    mount('/sign-in');
    await waitFor(() => expect(requests.map((request) => request.path)).toContain('/auth/oidc/config'));
    // The password form is there, the provider's button is not.
    expect(screen.getByLabelText('工号')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '使用集团统一身份登录' })).not.toBeInTheDocument();
  });

  it('sends the browser to the provider with a code request: PKCE S256, state, nonce, this console’s callback', async () => {
    serveApi(route('GET', /^\/auth\/oidc\/config$/, 200, CONFIG));
    const assign = vi.spyOn(browserNavigation, 'assign').mockImplementation(() => undefined);
    await webCryptoRealm();
    mount('/sign-in?next=%2Fcase%2Fc-1');
    await userEvent.click(await screen.findByRole('button', { name: '使用集团统一身份登录' }));
    await waitFor(() => expect(assign).toHaveBeenCalledTimes(1));
    const url = new URL(assign.mock.calls[0][0] as string);
    const stored = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? '{}') as Record<string, string>;
    expect(`${url.origin}${url.pathname}`).toBe(CONFIG.authorizationEndpoint);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'mallcare-console',
      redirect_uri: `${window.location.origin}/sign-in/callback`,
      response_type: 'code',
      scope: CONFIG.scope,
      state: stored.state,
      nonce: stored.nonce,
      code_challenge: createHash('sha256').update(stored.codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    expect(stored.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(stored.next).toBe('/case/c-1');
  });
});

describe('a session that ran out', () => {
  it('offers the provider beside the password, coming back to the same screen', async () => {
    serveApi(route('GET', /^\/auth\/oidc\/config$/, 200, CONFIG), route('GET', /^\/cases$/, 401, { status: 401 }));
    const assign = vi.spyOn(browserNavigation, 'assign').mockImplementation(() => undefined);
    await webCryptoRealm();
    render(
      <Providers client={newQueryClient()}>
        <SessionProvider initial={{ identity: ENGINEERING_MANAGER, token: 'old-token' }}>
          <MemoryRouter initialEntries={['/case/c-7?tab=timeline']}>
            <ReauthDialog />
          </MemoryRouter>
        </SessionProvider>
      </Providers>,
    );
    await expect(body(routing.GET('/cases', {}))).rejects.toThrow();
    await userEvent.click(await screen.findByRole('button', { name: '使用集团统一身份登录' }));
    await waitFor(() => expect(assign).toHaveBeenCalledTimes(1));
    expect(JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? '{}')).toMatchObject({ next: '/case/c-7?tab=timeline' });
  });
});

describe('the provider’s return (/sign-in/callback)', () => {
  it('redeems the code at routing with the verifier and nonce, signs in (token in memory) and goes on to the screen asked for', async () => {
    const flow = pending();
    const requests = serveApi(route('POST', /^\/auth\/oidc\/token$/, 200, TOKEN));
    mount(`/sign-in/callback?code=the-code&state=${flow.state}&iss=${encodeURIComponent(CONFIG.issuer)}`);
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('/queue sh01-engineering-mgr'));
    expect(requests).toEqual([{ method: 'POST', path: '/auth/oidc/token', search: '', body: { code: 'the-code', codeVerifier: flow.codeVerifier, nonce: flow.nonce, redirectUri: `${window.location.origin}/sign-in/callback` } }]);
    expect(accessToken()).toBe('oidc-token');
    expect(sessionStorage.length + localStorage.length).toBe(0);
  });

  it.each([
    ['the person cancelled at the provider', () => `error=access_denied&state=${pending().state}`, '您在集团身份平台取消了授权，未登录。'],
    ['another provider error', () => `error=server_error&state=${pending().state}`, '集团身份平台返回错误（server_error），未登录。'],
    ['another state than this tab’s', () => (pending(), 'code=the-code&state=someone-elses'), '登录请求已失效或不是从本页发起的，请重新登录。'],
    ['no sign-in started in this tab', () => 'code=the-code&state=whatever', '登录请求已失效或不是从本页发起的，请重新登录。'],
    ['an answer from another provider (iss)', () => `code=the-code&state=${pending().state}&iss=${encodeURIComponent('http://evil.example')}`, '登录请求已失效或不是从本页发起的，请重新登录。'],
  ])('refuses %s before asking routing, and says so in Chinese', async (_case, search, message) => {
    const requests = serveApi();
    mount(`/sign-in/callback?${search()}`);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('集团统一身份登录未完成');
    expect(alert).toHaveTextContent(message);
    expect(requests).toEqual([]);
    // The code and state leave the address bar; the pending sign-in is gone.
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('/sign-in/callback nobody'));
    expect(sessionStorage.getItem(PENDING_KEY)).toBeNull();
    expect(screen.getByRole('link', { name: '返回登录页' })).toHaveAttribute('href', '/sign-in');
  });

  it.each([
    [401, { code: 'AUTH_OIDC_REJECTED', reason: 'unknown-staff' }, '您的集团账号不是本平台的在职员工，请联系管理员开通。'],
    [401, { code: 'AUTH_OIDC_REJECTED', reason: 'no-role' }, '您的集团账号没有本平台的角色，请联系管理员。'],
    [401, { code: 'AUTH_OIDC_REJECTED', reason: 'id-token' }, '集团身份平台的登录凭证未被接受，请重新登录。'],
    [429, { code: 'THROTTLED' }, '尝试次数过多，请稍后再试'],
  ])('says why routing refused the code (%i %o)', async (status, problem, message) => {
    const flow = pending();
    serveApi(route('POST', /^\/auth\/oidc\/token$/, status, { status, ...problem }));
    mount(`/sign-in/callback?code=the-code&state=${flow.state}`);
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(accessToken()).toBeNull();
    expect(screen.getByTestId('where')).toHaveTextContent('nobody');
  });
});
