import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { config } from "#app/config.server";
import { logger } from "#app/lib/logger.server";
import type { EmailPayload } from "./outbox.server";

export interface Mailer {
  send(email: EmailPayload): Promise<void>;
}

/** Real delivery through SMTP (SMTP_URL, e.g. smtps://user:pass@host:465). */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(email) {
      await transport.sendMail({ from, to: email.to, subject: email.subject, text: email.text });
    },
  };
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
