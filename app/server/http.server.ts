import crypto from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import type { ViteDevServer } from "vite";
import { config } from "#app/config.server";
import { logger } from "#app/lib/logger.server";
import { newRequestContext, withRequestContext } from "#app/lib/request-context.server";

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
    const counter = newRequestContext();
    // Outside production, tell tests and benchmarks how many SQL statements the request ran.
    if (exposeQueryCount) {
      const writeHead = res.writeHead;
      res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
        if (!res.headersSent) res.setHeader("X-Query-Count", String(counter.queries));
        return writeHead.apply(this, args);
      } as Response["writeHead"];
    }
    res.on("finish", () => {
      logger().info(
        { requestId, method: req.method, path: req.path, status: res.statusCode, queries: counter.queries, ms: Math.round(performance.now() - started) },
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
    if (SAFE_METHODS.has(req.method) || !isCrossSite(req)) return next();
    logger().warn({ requestId: res.locals.requestId, path: req.path }, "cross-site request rejected");
    res.status(403).type("text/plain").send("Cross-site request rejected. Reload the page and try again.");
  });

  // The development mailbox shows invitation and reset links: only to this machine
  // (or wherever ALLOW_DEV_MAILBOX=1 says), and never when real email is configured.
  app.use("/dev", (req, res, next) => {
    const local = isLoopback(req.socket.remoteAddress);
    if (c.devMailbox && (local || c.ALLOW_DEV_MAILBOX === "1")) return next();
    res.status(404).type("text/plain").send("Not found");
  });

  app.use(compression());

  if (opts.vite) {
    app.use(opts.vite.middlewares);
  } else {
    const clientDir = opts.clientDir ?? "build/client";
    app.use("/assets", express.static(`${clientDir}/assets`, { immutable: true, maxAge: "1y" }));
    app.use(express.static(clientDir, { maxAge: "1h" }));
  }

  app.all(
    "*",
    createRequestHandler({
      build: opts.getBuild,
      mode: dev ? "development" : "production",
      getLoadContext: (_req, res): LoadContext => ({ nonce: res.locals.nonce, requestId: res.locals.requestId }),
    }),
  );

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
