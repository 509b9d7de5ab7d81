import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { config } from "#app/config.server";
import { logger } from "#app/lib/logger.server";
import type { EmailPayload } from "./outbox.server";

export interface Mailer {
  /**
   * `meta.idempotencyKey` is stable across retries of one outbox job: transports that
   * can, use it so a retry after a crash is recognisably the same message.
   */
  send(email: EmailPayload, meta?: { idempotencyKey?: string }): Promise<void>;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** The HTML body: the text's paragraphs, with its https/http links clickable. */
function htmlBody(text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => escapeHtml(p).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>').replace(/\n/g, "<br>"))
    .map((p) => `<p>${p}</p>`)
    .join("\n");
  return `<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">\n${paragraphs}\n</body></html>`;
}

/**
 * Real delivery through SMTP (SMTP_URL, e.g. smtps://user:pass@host:465): text and HTML
 * bodies; the Message-ID is derived from the idempotency key, so a message re-sent after
 * a worker crash carries the same id (receivers drop the duplicate).
 */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  const domain = (/@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "hearth.invalid").toLowerCase();
  return {
    async send(email, meta) {
      await transport.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: htmlBody(email.text),
        ...(meta?.idempotencyKey ? { messageId: `<${meta.idempotencyKey}@${domain}>` } : {}),
      });
    },
  };
}

/** An SMTP answer 5xx: the receiver refuses for good (unknown mailbox, policy); retrying will not help. */
export function isPermanentMailError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

export type MailboxMessage = EmailPayload & { id: string; from: string; sentAt: string };

/**
 * Development mailbox: messages are written as JSON files under MAILBOX_DIR and shown
 * at /dev/mailbox, so invites and resets work in the demo without SMTP.
 */
export function mailboxMailer(dir: string, from: string): Mailer {
  return {
    async send(email) {
      await fs.mkdir(dir, { recursive: true });
      const sentAt = new Date().toISOString();
      const id = `${sentAt.replace(/[:.]/g, "-")}-${crypto.randomUUID().slice(0, 8)}`;
      const message: MailboxMessage = { id, from, sentAt, ...email };
      await fs.writeFile(path.join(dir, `${id}.json`), JSON.stringify(message, null, 2));
      logger().info({ mailbox: `/dev/mailbox/${id}` }, "email delivered to the development mailbox");
    },
  };
}

export async function listMailbox(dir = config().MAILBOX_DIR, limit = 100): Promise<MailboxMessage[]> {
  let files: string[];
  try {
    files = await fs.readdir(dir);
  } catch {
    return [];
  }
  const names = files.filter((f) => f.endsWith(".json")).sort().reverse().slice(0, limit);
  return Promise.all(names.map(async (f) => JSON.parse(await fs.readFile(path.join(dir, f), "utf8")) as MailboxMessage));
}

export async function readMailboxMessage(id: string, dir = config().MAILBOX_DIR): Promise<MailboxMessage | null> {
  if (!/^[\w-]{1,80}$/.test(id)) return null;
  try {
    return JSON.parse(await fs.readFile(path.join(dir, `${id}.json`), "utf8")) as MailboxMessage;
  } catch {
    return null;
  }
}

export function defaultMailer(): Mailer {
  const c = config();
  return c.SMTP_URL ? smtpMailer(c.SMTP_URL, c.MAIL_FROM) : mailboxMailer(c.MAILBOX_DIR, c.MAIL_FROM);
}
