import { COMMON_PASSWORDS } from "./common-passwords";
import { DEMO_PASSWORD } from "./demo-password";

/** Password rules shared by forms (client) and the server. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/** Returns a reason the password is unacceptable, or null. Never trims or case-folds. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return "That password is too common. Choose something less guessable.";
  if (isRepetitive(password)) return "That password is too easy to guess: avoid repeated characters and simple sequences.";
  if (password === DEMO_PASSWORD) return "That is the published demo password. Choose your own.";
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lower === local) return "Don't use your email address as your password.";
  return null;
}


/**
 * Trivially repetitive: one short unit repeated ("aaaaaaaa", "abcabcabc", "12121212"),
 * or a run of consecutive characters up or down ("abcdefgh", "98765432"), or at most two
 * distinct characters.
 */
export function isRepetitive(password: string): boolean {
  const chars = [...password.toLowerCase()];
  const n = chars.length;
  if (new Set(chars).size <= 2) return true;
  for (let unit = 1; unit <= Math.floor(n / 2); unit++) {
    if (n % unit === 0 && chars.every((c, i) => c === chars[i % unit])) return true;
  }
  const codes = chars.map((c) => c.codePointAt(0)!);
  const step = codes[1]! - codes[0]!;
  if (Math.abs(step) === 1 && codes.every((c, i) => i === 0 || c - codes[i - 1]! === step)) return true;
  return false;
}
