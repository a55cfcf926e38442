import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { accessToken, body, routing } from '../api/client';
import { newQueryClient, Providers } from '../app/Providers';
import { SessionProvider, useSession } from '../auth/session';
import { ENGINEER, route, serveApi } from '../test-support';
import { SignInForm } from './SignInForm';

const Expired = () => <span data-testid="expired">{String(useSession().expired)}</span>;

const mount = (onSignedIn = vi.fn()) => {
  render(
    <Providers client={newQueryClient()}>
      <SessionProvider>
        <SignInForm onSignedIn={onSignedIn} />
        <Expired />
      </SessionProvider>
    </Providers>,
  );
  return onSignedIn;
};

const signIn = async (staffId: string) => {
  await userEvent.type(screen.getByLabelText('工号'), staffId);
  await userEvent.type(screen.getByLabelText('密码'), 'secret');
  await userEvent.click(screen.getByRole('button', { name: /登\s?录/ }));
};

const token = { accessToken: 'token-1', tokenType: 'Bearer', expiresIn: 43_200, identity: ENGINEER };

describe('signing in', () => {
  it('uses the password sign-in, keeps the token in memory only, and asks again when the API refuses it', async () => {
    const requests = serveApi(route('POST', /^\/auth\/sign-in$/, 200, token), route('GET', /^\/cases$/, 401, { status: 401 }));
    const onSignedIn = mount();
    await signIn('sh01-engineering-1');
    await waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(requests[0]).toMatchObject({ path: '/auth/sign-in', body: { staffId: 'sh01-engineering-1', password: 'secret' } });
    expect(accessToken()).toBe('token-1');
    expect(localStorage.length + sessionStorage.length).toBe(0);
    await expect(body(routing.GET('/cases', {}))).rejects.toThrow();
    await waitFor(() => expect(screen.getByTestId('expired')).toHaveTextContent('true'));
  });

  it('falls back to the local issuer while /auth/sign-in does not exist', async () => {
    const requests = serveApi(route('POST', /^\/auth\/token$/, 200, token));
    const onSignedIn = mount();
    await signIn('sh01-engineering-1');
    await waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(requests.map((request) => request.path)).toEqual(['/auth/sign-in', '/auth/token']);
  });

  it('says so when the password is wrong or there were too many attempts', async () => {
    serveApi(route('POST', /^\/auth\/sign-in$/, 401, { status: 401 }));
    mount();
    await signIn('sh01-engineering-1');
    expect(await screen.findByRole('alert')).toHaveTextContent('工号或密码错误');
  });

  it('says to wait when throttled', async () => {
    serveApi(route('POST', /^\/auth\/sign-in$/, 429, { status: 429 }));
    mount();
    await signIn('sh01-engineering-1');
    expect(await screen.findByRole('alert')).toHaveTextContent('尝试次数过多，请稍后再试');
  });
});
