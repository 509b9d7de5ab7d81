/**
 * Emailed tokens (invites, password resets) and session tokens come from
 * generateToken(): 32 characters of lower-case base32. Anything else is rejected
 * before it reaches the database.
 */
export function isWellFormedToken(token: string | null | undefined): token is string {
  return typeof token === "string" && /^[a-z2-7]{32}$/.test(token);
}
