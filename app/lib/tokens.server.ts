import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/** A fresh random token for sessions, invites and resets (20 bytes, lower-case base32). */
export function generateToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** What the database stores for a token: its SHA-256, in hex. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * Emailed tokens (invites, password resets) and session tokens come from
 * generateToken(): 32 characters of lower-case base32. Anything else is rejected
 * before it reaches the database.
 */
export function isWellFormedToken(token: string | null | undefined): token is string {
  return typeof token === "string" && /^[a-z2-7]{32}$/.test(token);
}
