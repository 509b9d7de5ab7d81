import { redirect } from "@remix-run/node";
import { config } from "#app/config.server";

/**
 * One-time messages after a redirect ("saved", "admitted"): a short-lived cookie, read
 * and cleared by the page it lands on, so a reload or a bookmark never shows it again.
 * The cookie carries a key from the landing page's own list, never text: a forged
 * cookie can at most pick one of that page's messages.
 */
const NAME = "hearth_flash";
const KEY = /^[a-z][a-z-]{0,39}$/;

function cookie(value: string, maxAge: number) {
  const parts = [`${NAME}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAge}`];
  if (config().secureCookies) parts.push("Secure");
  return parts.join("; ");
}

/** Redirect to `to` and have that page show its message for `key` once. */
export function redirectWithFlash(to: string, key: string, init: { headers?: HeadersInit } = {}): Response {
  if (!KEY.test(key)) throw new Error(`flash keys are short lower-case words: ${key}`);
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", cookie(key, 60));
  return redirect(to, { headers });
}

/**
 * The flash waiting for this page, if it is one of `keys`, and the header that clears it
 * (pass it to `data(…, { headers })`; Remix keeps Set-Cookie from every loader).
 */
export function takeFlash<K extends string>(request: Request, keys: readonly K[]): { flash: K | null; headers: Headers } {
  const headers = new Headers();
  const raw = readCookie(request);
  if (raw === null) return { flash: null, headers };
  headers.append("Set-Cookie", cookie("", 0));
  return { flash: (keys as readonly string[]).includes(raw) ? (raw as K) : null, headers };
}

function readCookie(request: Request): string | null {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === NAME) return v.join("=");
  }
  return null;
}
