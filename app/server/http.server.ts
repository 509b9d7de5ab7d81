import crypto from "node:crypto";
import { Readable } from "node:stream";
// The adapter's own request/response converters; its createRequestHandler would send the
// response before we could commit the request's transaction.
import { createRemixRequest, sendRemixResponse } from "@remix-run/express/dist/server.js";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import type { ViteDevServer } from "vite";
import { config } from "#app/config.server";
import { logger } from "#app/lib/logger.server";
import { finishRequestTransaction, isUnavailable } from "#app/db/tenant.server";
import { newRequestContext, withRequestContext, type RequestContext } from "#app/lib/request-context.server";

export type LoadContext = { nonce: string; requestId: string };

declare module "@remix-run/node" {
  interface AppLoadContext {
    nonce: string;
    requestId: string;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-inline'" : ""}`,
    `style-src 'self'${dev ? " 'unsafe-inline'" : ""}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}

/**
 * A cross-site request is one whose Origin (or Referer) is neither the configured
 * APP_URL nor the origin the request was sent to. Login forms are covered too.
 */
export function isCrossSite(req: Pick<Request, "get" | "protocol">): boolean {
  if (req.get("sec-fetch-site") === "cross-site") return true;
  const source = req.get("origin") ?? originOf(req.get("referer"));
  if (!source || source === "null") return true;
  const own = `${req.protocol}://${req.get("host")}`;
  return source !== config().appUrl.origin && source !== own;
}

/**
 * The host Remix compares with Origin before it runs an action: the first
 * X-Forwarded-Host value if present, else Host. (We drop X-Forwarded-Host unless a proxy
 * is trusted, so without a proxy this is Host.)
 */
export function forwardedHost(req: Pick<Request, "get">): string | undefined {
  return req.get("x-forwarded-host")?.split(",")[0]?.trim() || req.get("host") || undefined;
}

/**
 * The source (Origin, else Referer) must name the host the request was sent to, or
 * Remix's own guard throws (a 500). A request for another Host that carries our
 * configured origin is refused here with a 403 instead.
 */
export function hostMismatch(req: Pick<Request, "get">): boolean {
  const source = req.get("origin") ?? originOf(req.get("referer"));
  if (!source || source === "null") return false; // isCrossSite has refused it already
  let sourceHost: string;
  try {
    sourceHost = new URL(source).host;
  } catch {
    return true;
  }
  return sourceHost !== forwardedHost(req);
}

/** Request bodies are read only up to these sizes (bytes). */
export const BODY_LIMITS = {
  /** Every form and action request. */
  form: 64 * 1024,
  /**
   * Forms with file uploads (routes listed in UPLOAD_PATHS; ADR 044): twice the upload limit
   * plus 1 MB, so a file a little over the limit gets the form's own message on its field
   * (app/ui/uploads.server.ts) and only a body far over it this plain 413.
   */
  get upload() {
    return (config().UPLOAD_MAX_BYTES ?? 10 * 1024 * 1024) * 2 + 1024 * 1024;
  },
};
/** The safety tab's documents and photos (ADR 044); the services directory import (ADR 039: HSDS files, 2 MB each); a finding's evidence (ADR 053). */
const UPLOAD_PATHS: RegExp[] = [/^\/o\/[^/]+\/houses\/[^/]+\/safety\/?$/, /^\/o\/[^/]+\/services\/import$/, /^\/o\/[^/]+\/standards\/findings\/[^/]+\/?$/];

/**
 * Machine-to-machine endpoints whose body is signed (ADR 032): no Origin header is sent, so
 * the signature is their cross-site check, and their bodies are not forms (Stripe events
 * can pass 64 KB), so they get the webhook limit.
 */
export const SIGNED_WEBHOOK_PATHS: RegExp[] = [/^\/webhooks\/stripe$/];
const WEBHOOK_LIMIT = 1024 * 1024;

export function bodyLimitFor(path: string): number {
  if (SIGNED_WEBHOOK_PATHS.some((re) => re.test(path))) return WEBHOOK_LIMIT;
  return UPLOAD_PATHS.some((re) => re.test(path)) ? BODY_LIMITS.upload : BODY_LIMITS.form;
}

function tooLarge(res: Response, limit: number) {
  res.setHeader("Connection", "close");
  res
    .status(413)
    .type("text/plain")
    .send(`This request is too large: the limit is ${Math.round(limit / 1024)} KB. Shorten what you entered and try again.`);
}

/**
 * Limit the body before anything parses it. A declared Content-Length over the limit is
 * refused without reading; a body without one (chunked) is read into memory up to the
 * limit and handed on as a fresh stream, or refused as soon as it passes the limit.
 */
function limitBody(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next();
  const limit = bodyLimitFor(req.path);
  const declared = req.get("content-length");
  if (declared !== undefined) {
    if (!/^\d+$/.test(declared) || Number(declared) > limit) return tooLarge(res, limit);
    return next();
  }
  if (req.get("transfer-encoding") === undefined) return next();
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  req.on("data", (chunk: Buffer) => {
    if (done) return;
    size += chunk.length;
    if (size > limit) {
      done = true;
      req.pause();
      tooLarge(res, limit);
      return;
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    if (done) return;
    done = true;
    res.locals.body = Buffer.concat(chunks);
    next();
  });
  req.on("error", (error) => {
    if (done) return;
    done = true;
    next(error);
  });
}

/** The request with its (already read) body replayed, for the Remix adapter. */
function replayBody(req: Request, body: Buffer): Request {
  const stream = Readable.from([body]);
  return new Proxy(req, {
    get(target, prop, receiver) {
      if (prop === "on" || prop === "once" || prop === "off" || prop === "pipe" || prop === "removeListener" || prop === "read" || prop === "destroy" || prop === "pause" || prop === "resume") {
        const fn = (stream as unknown as Record<string | symbol, unknown>)[prop] as (...a: unknown[]) => unknown;
        return fn.bind(stream);
      }
      if (prop === Symbol.asyncIterator) return stream[Symbol.asyncIterator].bind(stream);
      return Reflect.get(target, prop, receiver);
    },
  });
}

/**
 * Whether the development mailbox may be shown: only when email goes to it, never
 * behind a trusted proxy (every visitor would look local), only for a Host that is the
 * configured APP_URL or a loopback name (no DNS rebinding), and only to this machine
 * unless ALLOW_DEV_MAILBOX=1.
 */
export function devMailboxAllowed(
  c: { devMailbox: boolean; TRUST_PROXY: number; ALLOW_DEV_MAILBOX?: "0" | "1"; appUrl: URL },
  req: { remoteAddress: string | undefined; host: string | undefined },
): boolean {
  if (!c.devMailbox || c.TRUST_PROXY > 0 || !req.host) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${req.host}`).hostname;
  } catch {
    return false;
  }
  const knownHost = req.host === c.appUrl.host || ["localhost", "127.0.0.1", "[::1]"].includes(hostname);
  return knownHost && (isLoopback(req.remoteAddress) || c.ALLOW_DEV_MAILBOX === "1");
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const URL_CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/;

/** Path that does not decode, or a path or query value with control characters. */
export function isMalformedUrl(url: string): boolean {
  const q = url.indexOf("?");
  const pathname = q === -1 ? url : url.slice(0, q);
  try {
    if (URL_CONTROL_CHARACTERS.test(decodeURIComponent(pathname))) return true;
  } catch {
    return true;
  }
  if (q === -1) return false;
  for (const [k, v] of new URLSearchParams(url.slice(q + 1))) {
    if (URL_CONTROL_CHARACTERS.test(k) || URL_CONTROL_CHARACTERS.test(v)) return true;
  }
  return false;
}

export function isLoopback(address: string | undefined): boolean {
  return !!address && (address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127."));
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function createHttpApp(opts: {
  getBuild: () => Promise<ServerBuild>;
  vite?: ViteDevServer;
  clientDir?: string;
}) {
  const c = config();
  const dev = Boolean(opts.vite);
  const exposeQueryCount = c.NODE_ENV !== "production" || c.EXPOSE_QUERY_COUNT === "1";
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", c.TRUST_PROXY);

  app.use((req, res, next) => {
    // Remix trusts X-Forwarded-Host when it compares hosts; only a trusted proxy may set it.
    if (c.TRUST_PROXY === 0) delete req.headers["x-forwarded-host"];
    const requestId = crypto.randomUUID();
    const nonce = crypto.randomBytes(16).toString("base64");
    // Overwrite, never trust, what the client sent under these names.
    req.headers["x-request-id"] = requestId;
    req.headers["x-hearth-client-ip"] = req.ip ?? "";
    res.locals.requestId = requestId;
    res.locals.nonce = nonce;
    res.setHeader("X-Request-Id", requestId);
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, dev));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(self)");
    if (c.secureCookies) res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    const started = performance.now();
    // GET and HEAD run all their database work in one transaction (ADR 015).
    const counter = newRequestContext({ shareTransaction: req.method === "GET" || req.method === "HEAD" });
    res.locals.requestContext = counter;
    // Outside production, tell tests and benchmarks how many SQL statements and
    // transactions the request ran.
    if (exposeQueryCount) {
      const writeHead = res.writeHead;
      res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
        if (!res.headersSent) {
          res.setHeader("X-Query-Count", String(counter.queries));
          res.setHeader("X-Transaction-Count", String(counter.transactions));
        }
        return writeHead.apply(this, args);
      } as Response["writeHead"];
    }
    res.on("finish", () => {
      logger().info(
        {
          requestId,
          method: req.method,
          path: loggedPath(req.path),
          status: res.statusCode,
          queries: counter.queries,
          transactions: counter.transactions,
          ms: Math.round(performance.now() - started),
        },
        "request",
      );
    });
    withRequestContext(counter, next);
  });

  // An address that cannot be decoded (invalid percent-encoding or UTF-8) or carries control
  // characters (NUL …) is no page of ours: 400 here, before it reaches a route or a query.
  app.use((req, res, next) => {
    if (!isMalformedUrl(req.originalUrl)) return next();
    res.status(400).type("text/plain").send(`This address is not valid. Request id: ${res.locals.requestId}`);
  });

  app.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (SIGNED_WEBHOOK_PATHS.some((re) => re.test(req.path))) return next();
    if (isCrossSite(req)) {
      logger().warn({ requestId: res.locals.requestId, path: loggedPath(req.path) }, "cross-site request rejected");
      res.status(403).type("text/plain").send("Cross-site request rejected. Reload the page and try again.");
      return;
    }
    if (hostMismatch(req)) {
      logger().warn({ requestId: res.locals.requestId, path: loggedPath(req.path) }, "request for another host rejected");
      res.status(403).type("text/plain").send("This request was sent to a different address than the page it came from.");
      return;
    }
    next();
  });

  app.use(limitBody);

  // The development mailbox shows invitation and reset links (see devMailboxAllowed).
  app.use("/dev", (req, res, next) => {
    if (devMailboxAllowed(c, { remoteAddress: req.socket.remoteAddress, host: req.get("host") })) return next();
    res.status(404).type("text/plain").send("Not found");
  });

  app.use(compression());

  if (opts.vite) {
    app.use(opts.vite.middlewares);
  } else {
    const clientDir = opts.clientDir ?? "build/client";
    app.use("/assets", express.static(`${clientDir}/assets`, { immutable: true, maxAge: "1y" }));
    // Files from public/ (favicon): only paths that look like a file (name.ext, not a
    // Remix .data request) reach the file system; pages skip the stat entirely.
    const publicFiles = express.static(clientDir, { maxAge: "1h" });
    app.use((req, res, next) => (/\/[^/]+\.(?!data$)[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));
  }

  // Production: resolve the build once and hand Remix the build itself. Given a function,
  // Remix re-derives its route tables and static handler on every request (it expects a
  // changing build in development); with 150 routes that was a third of the ceiling's CPU.
  let production: Promise<ReturnType<typeof createRequestHandler>> | undefined;
  const handle: ReturnType<typeof createRequestHandler> = dev
    ? createRequestHandler(opts.getBuild, "development")
    : async (request, loadContext) => {
        production ??= opts.getBuild().then(
          (build) => createRequestHandler(build, "production"),
          (error: unknown) => {
            production = undefined; // a failed import is retried by the next request
            throw error;
          },
        );
        return (await production)(request, loadContext);
      };
  app.all("*", async (req, res, next) => {
    try {
      const loadContext: LoadContext = { nonce: res.locals.nonce, requestId: res.locals.requestId };
      const rc = res.locals.requestContext as RequestContext;
      let response: globalThis.Response;
      try {
        response = await handle(createRemixRequest(res.locals.body ? replayBody(req, res.locals.body as Buffer) : req, res), loadContext);
      } catch (error) {
        // Never leave the request's transaction (and on PGlite the one connection) open.
        await finishRequestTransaction(rc, { rollback: true });
        throw error;
      }
      // The loaders are done (a document's shell is rendered): commit the request's
      // transaction before anything reaches the client.
      try {
        await finishRequestTransaction(rc);
      } catch (error) {
        await response.body?.cancel().catch(() => undefined);
        if (isUnavailable(error)) {
          return void res.status(503).type("text/plain").send(`Hearth can't reach its database right now. Request id: ${res.locals.requestId}`);
        }
        throw error;
      }
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    logger().error({ err: error, requestId: res.locals.requestId }, "unhandled error");
    if (res.headersSent) return;
    res
      .status(500)
      .type("text/plain")
      .send(`Something went wrong on our side. Request id: ${res.locals.requestId}`);
  });
  return app;
}

/**
 * A path as logged: in a calendar link (ADR 026), an invitation link and a family pay link
 * (ADR 032) the token is the credential, so it never reaches the logs.
 */
const CREDENTIAL_PATH = /^\/(calendar|invite|pay)\/.+$/;
function loggedPath(path: string): string {
  return path.replace(CREDENTIAL_PATH, "/$1/[redacted]");
}
