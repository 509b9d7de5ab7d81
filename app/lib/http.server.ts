import { data, redirect } from "@remix-run/node";

/**
 * Expected failures are thrown as Responses so loaders stay linear; the root error
 * boundary renders them with the message. Unexpected errors become a 500 page with
 * the request id.
 */
export function badRequest(message = "The request was not valid."): never {
  throw data({ message }, { status: 400 });
}
export function forbidden(message = "You don't have access to this page."): never {
  throw data({ message }, { status: 403 });
}
export function notFound(message = "We couldn't find that page."): never {
  throw data({ message }, { status: 404 });
}
export function conflict(message: string): never {
  throw data({ message }, { status: 409 });
}

/** The app's own request metadata, set by the HTTP layer (client values are overwritten). */
export function requestMeta(request: Request) {
  return {
    requestId: request.headers.get("x-request-id"),
    ip: request.headers.get("x-hearth-client-ip"),
    userAgent: request.headers.get("user-agent"),
  };
}

/** Only same-site relative paths; anything else falls back. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string") return fallback;
  // eslint-disable-next-line no-control-regex
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\") || /[\u0000-\u001f]/.test(to)) return fallback;
  return to;
}

export { redirect };
