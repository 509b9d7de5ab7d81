import crypto from "node:crypto";
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
          path: req.path,
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
    // Files from public/ (favicon): only paths that look like a file (name.ext, not a
    // Remix .data request) reach the file system; pages skip the stat entirely.
    const publicFiles = express.static(clientDir, { maxAge: "1h" });
    app.use((req, res, next) => (/\/[^/]+\.(?!data$)[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));
  }

  const handle = createRequestHandler(opts.getBuild, dev ? "development" : "production");
  app.all("*", async (req, res, next) => {
    try {
      const loadContext: LoadContext = { nonce: res.locals.nonce, requestId: res.locals.requestId };
      const rc = res.locals.requestContext as RequestContext;
      let response: globalThis.Response;
      try {
        response = await handle(createRemixRequest(req, res), loadContext);
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
