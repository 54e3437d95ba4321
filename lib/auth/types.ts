import type { AuthMode } from "./session";

/** Body of `GET /api/auth/me`. Never carries a token. */
export interface AuthMeResponse {
  mode: AuthMode;
  signedIn: boolean;
  /** Who the cluster says the requests run as (SelfSubjectReview); null when it could not tell. */
  user: { username: string; groups: string[] } | null;
  /** Why `user` is null, in plain words. */
  problem?: string;
  /** oidc mode: the identity provider's name (TRUSTDECK_OIDC_PROVIDER_NAME). */
  provider?: string;
}

/** Body of a successful `POST /api/auth/signout`. */
export interface SignOutResponse {
  ok: true;
  /** oidc mode: the provider's end-session URL to open next (RP-initiated logout), when it has one. */
  logoutUrl?: string;
  /** Set when the sign-out could not be shared with the other replicas. */
  problem?: string;
}

/** Body of a successful `POST /api/auth/signin`. */
export interface SignInResponse {
  ok: true;
  mode: AuthMode;
  user: { username: string; groups: string[] } | null;
}
