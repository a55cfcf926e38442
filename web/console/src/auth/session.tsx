import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { body, onUnauthorized, routing, setAccessToken } from '../api/client';
import { ApiError, type Problem } from '../api/problem';
import type { Identity, TokenAnswer } from '../api/views';

/** Ask again this long before the token runs out, so no command fails half-way. */
const RENEW_BEFORE_MS = 60_000;

export type SignInFailure = 'invalid' | 'throttled' | 'other';

interface Session {
  identity: Identity | null;
  /** The token ran out or the API refused it: the person signs in again (or out). */
  expired: boolean;
  signIn(staffId: string, password: string): Promise<void>;
  /** A token routing issued some other way (the group's identity provider: auth/oidc.ts). */
  signInWith(answer: TokenAnswer): void;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

/**
 * POST /auth/sign-in (staff id and password). While a deployment has only the local issuer, that
 * path answers 404 and the local issuer's POST /auth/token (no password) is used instead.
 */
export const requestToken = async (staffId: string, password: string): Promise<TokenAnswer> => {
  const response = await fetch(`${window.location.origin}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ staffId, password }),
  });
  if (response.ok) return (await response.json()) as TokenAnswer;
  if (response.status !== 404) throw new ApiError(response.status, (await response.json().catch(() => ({}))) as Problem);
  return body<TokenAnswer>(routing.POST('/auth/token', { body: { staffId } }));
};

export const signInFailureOf = (error: unknown): SignInFailure =>
  error instanceof ApiError && (error.status === 401 || error.status === 404 || error.status === 400) ? 'invalid' : error instanceof ApiError && error.status === 429 ? 'throttled' : 'other';

export const SessionProvider = ({ children, initial = null }: { children: ReactNode; initial?: { identity: Identity; token: string } | null }) => {
  const queryClient = useQueryClient();
  const [identity, setIdentity] = useState<Identity | null>(() => {
    // Before any child's effect reads it (children's effects run first).
    if (initial) setAccessToken(initial.token);
    return initial?.identity ?? null;
  });
  const [expired, setExpired] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    onUnauthorized(() => setExpired(true));
    return () => clearTimeout(timer.current);
  }, []);

  const signInWith = useCallback(
    (answer: TokenAnswer) => {
      // Another person signing in on this screen sees nothing cached for the previous one.
      if (identity && identity.staffId !== answer.identity.staffId) queryClient.clear();
      setAccessToken(answer.accessToken);
      setIdentity(answer.identity);
      setExpired(false);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setExpired(true), Math.max(answer.expiresIn * 1000 - RENEW_BEFORE_MS, 5_000));
    },
    [identity, queryClient],
  );

  const signIn = useCallback(async (staffId: string, password: string) => signInWith(await requestToken(staffId, password)), [signInWith]);

  const signOut = useCallback(() => {
    clearTimeout(timer.current);
    setAccessToken(null);
    setIdentity(null);
    setExpired(false);
    queryClient.clear();
  }, [queryClient]);

  const value = useMemo(() => ({ identity, expired, signIn, signInWith, signOut }), [identity, expired, signIn, signInWith, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
};

export const useSession = (): Session => {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
};

export const useIdentity = (): Identity => {
  const { identity } = useSession();
  if (!identity) throw new Error('signed-in screen without an identity');
  return identity;
};
