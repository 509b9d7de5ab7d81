import { COMMON_PASSWORDS } from "./common-passwords";

/** Password rules shared by forms (client) and the server. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/** Returns a reason the password is unacceptable, or null. Never trims or case-folds. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return "That password is too common. Choose something less guessable.";
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lower === local) return "Don't use your email address as your password.";
  return null;
}

