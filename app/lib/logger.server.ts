import pino from "pino";
import { config } from "#app/config.server";

/** Structured JSON logs; secrets are redacted wherever they appear. */
let instance: pino.Logger | undefined;
export function logger(): pino.Logger {
  instance ??= pino({
    level: config().LOG_LEVEL,
    base: { app: "hearth" },
    redact: {
      paths: [
        "password",
        "*.password",
        "token",
        "*.token",
        "req.headers.cookie",
        "req.headers.authorization",
        'res.headers["set-cookie"]',
      ],
      censor: "[redacted]",
    },
  });
  return instance;
}
