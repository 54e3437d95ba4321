import type { AuthMode } from "./session";

/** Body of `GET /api/auth/me`. Never carries a token. */
export interface AuthMeResponse {
  mode: AuthMode;
  signedIn: boolean;
  /** Who the cluster says the requests run as (SelfSubjectReview); null when it could not tell. */
  user: { username: string; groups: string[] } | null;
  /** Why `user` is null, in plain words. */
  problem?: string;
}

/** Body of a successful `POST /api/auth/signin`. */
export interface SignInResponse {
  ok: true;
  mode: AuthMode;
  user: { username: string; groups: string[] } | null;
}
