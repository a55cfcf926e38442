import { useQuery } from '@tanstack/react-query';
import * as oauth from 'oauth4webapi';
import { body, routing } from '../api/client';
import { ApiError } from '../api/problem';
import type { TokenAnswer } from '../api/views';

/** GET /auth/oidc/config: where to send the person, as routing reads it from the provider's discovery. */
export interface OidcConfig {
  issuer: string;
  authorizationEndpoint: string;
  clientId: string;
  scope: string;
  codeChallengeMethod: 'S256';
}

/** What one sign-in keeps across the trip to the provider (this tab only, removed on return). */
interface Pending {
  issuer: string;
  authorizationEndpoint: string;
  clientId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
}

/** Why a sign-in through the provider did not happen, each said in the person's words. */
export type OidcFailure =
  | 'denied' // the person cancelled at the provider (access_denied)
  | 'provider' // the provider answered another error
  | 'state' // not this tab's sign-in: no pending request, another state or issuer
  | 'unknown-staff' // the provider's account is no active staff member
  | 'no-role' // the provider's roles claim names no role of ours
  | 'rejected' // routing could not redeem the code or verify the ID token
  | 'throttled'
  | 'off' // no provider configured (any more)
  | 'insecure' // no WebCrypto: the console is served over plain HTTP on another host
  | 'other';

export class OidcSignInError extends Error {
  constructor(
    readonly failure: OidcFailure,
    readonly providerError?: string,
  ) {
    super(`OpenID Connect sign-in failed: ${failure}${providerError ? ` (${providerError})` : ''}`);
    this.name = 'OidcSignInError';
  }
}

const PENDING_KEY = 'mallcare.oidc.pending';
export const CALLBACK_PATH = '/sign-in/callback';

export const redirectUri = (): string => `${window.location.origin}${CALLBACK_PATH}`;

/** Leaving the console for the provider (one object, so a component test can watch where it would go). */
export const browserNavigation = { assign: (href: string): void => window.location.assign(href) };

/** Only a path of this console, never another site. */
export const safeNext = (next: string | null | undefined): string => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

/** The provider, or null when none is configured (404) or routing cannot reach it: the button is then not shown. */
export const useOidcConfig = () =>
  useQuery({
    queryKey: ['auth', 'oidc', 'config'],
    queryFn: async (): Promise<OidcConfig | null> => {
      try {
        return await body<OidcConfig>(routing.GET('/auth/oidc/config', {}));
      } catch (error) {
        if (error instanceof ApiError && error.status < 500) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });

/** The authorization request (code, PKCE S256, state, nonce); the caller sends the browser there. */
export const authorizationUrl = async (config: OidcConfig, next: string): Promise<URL> => {
  // PKCE's S256 needs WebCrypto, which browsers give only to secure contexts (https, localhost).
  if (!globalThis.crypto?.subtle) throw new OidcSignInError('insecure');
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const pending: Pending = {
    issuer: config.issuer,
    authorizationEndpoint: config.authorizationEndpoint,
    clientId: config.clientId,
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    codeVerifier,
    next: safeNext(next),
  };
  const url = new URL(config.authorizationEndpoint);
  for (const [key, value] of Object.entries({
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: config.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  })) {
    url.searchParams.set(key, value);
  }
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  return url;
};

const takePending = (): Pending | null => {
  const stored = sessionStorage.getItem(PENDING_KEY);
  // Good for one return only, whatever happens next.
  sessionStorage.removeItem(PENDING_KEY);
  if (!stored) return null;
  try {
    return JSON.parse(stored) as Pending;
  } catch {
    return null;
  }
};

const failureOfRefusal = (error: ApiError): OidcFailure => {
  if (error.status === 429) return 'throttled';
  if (error.status === 404) return 'off';
  const reason = (error.problem as { reason?: string }).reason;
  if (reason === 'unknown-staff' || reason === 'no-role') return reason;
  return error.status === 401 || error.status === 400 ? 'rejected' : 'other';
};

/**
 * The provider sent the browser back: check the answer is for the request this tab made (state, the
 * provider's iss), then have routing redeem the code with the PKCE verifier and the nonce.
 */
export const redeemProviderAnswer = async (callback: URL): Promise<{ answer: TokenAnswer; next: string }> => {
  const pending = takePending();
  if (!pending) throw new OidcSignInError('state');
  let parameters: URLSearchParams;
  try {
    parameters = oauth.validateAuthResponse({ issuer: pending.issuer, authorization_endpoint: pending.authorizationEndpoint }, { client_id: pending.clientId }, callback, pending.state);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) throw new OidcSignInError(error.error === 'access_denied' ? 'denied' : 'provider', error.error);
    throw new OidcSignInError('state');
  }
  try {
    const answer = await body<TokenAnswer>(
      routing.POST('/auth/oidc/token', { body: { code: parameters.get('code') ?? '', codeVerifier: pending.codeVerifier, redirectUri: redirectUri(), nonce: pending.nonce } }),
    );
    return { answer, next: pending.next };
  } catch (error) {
    throw new OidcSignInError(error instanceof ApiError ? failureOfRefusal(error) : 'other');
  }
};
