import { describe, expect, it } from "vitest";
import { listMailbox } from "#app/domain/outbox/mailer.server";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeUser } from "#tests/support/factories";
import { latestEmailTo, visibleText } from "./helpers";

useTestDatabase();
const client = useTestServer();

// SMTP_URL is unset in tests, so the development mailbox is on. (That it 404s when SMTP
// is configured is not tested here: configuration is read once per process.)
describe("development mailbox", () => {
  it("lists emails with subject, recipient and time, linking to each, and says why it exists", async () => {
    const user = await makeUser();
    expect((await client.request("/forgot-password", { form: { email: user.email } })).status).toBe(200);
    const message = await latestEmailTo(user.email);

    const res = await client.request("/dev/mailbox");
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = visibleText(html);
    expect(html).toMatch(/<h1[^>]*>Development mailbox<\/h1>/);
    expect(text).toContain("SMTP is not configured");
    expect(text).toContain(message.to);
    expect(html).toContain(`href="/dev/mailbox/${message.id}"`);
    expect(text).toContain("Reset your Hearth password");
    expect(text).toMatch(/\d{4}, \d{1,2}:\d{2} [AP]M UTC/);
  });

  it("shows one message with its links clickable", async () => {
    const user = await makeUser();
    await client.request("/forgot-password", { form: { email: user.email } });
    const message = await latestEmailTo(user.email);
    const link = message.text.match(/https?:\/\/\S+reset-password\?token=[a-z2-7]{32}/)![0];

    const res = await client.request(`/dev/mailbox/${message.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<h1[^>]*>Reset your Hearth password<\/h1>/);
    expect(html).toContain(`<a href="${link}"`);
    expect(visibleText(html)).toContain("SMTP is not configured");
    expect(visibleText(html)).toContain(user.email);
  });

  it("answers 404 for unknown or path-traversing ids", async () => {
    expect((await listMailbox()).length).toBeGreaterThan(0);
    for (const id of ["nope", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "a".repeat(200)]) {
      expect((await client.request(`/dev/mailbox/${id}`)).status, id).toBe(404);
    }
  });
});
