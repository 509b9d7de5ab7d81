import Stripe from "stripe";

/**
 * The one Stripe client (ADR 032). The platform's keys come from the environment:
 * `STRIPE_SECRET_KEY` (API calls) and `STRIPE_WEBHOOK_SECRET` (webhook signatures). Without
 * the secret key the app runs with manual payments only (`stripeConfigured()` is false and
 * the Pay button is hidden).
 *
 * Tests never reach the network: they install a fake `Stripe.HttpClient` at the SDK's HTTP
 * boundary (`setStripeHttpClient`). End-to-end runs point the SDK at a tiny local fake
 * with `STRIPE_API_BASE` (e.g. http://127.0.0.1:4199): only what is off this machine is
 * faked, at its HTTP boundary.
 */

export type StripeSettings = { secretKey: string; webhookSecret: string | null; apiBase: URL | null };

let httpClientOverride: Stripe.HttpClient | null = null;
let cached: { key: string; client: Stripe } | null = null;

export function stripeSettings(env: NodeJS.ProcessEnv = process.env): StripeSettings | null {
  const secretKey = env.STRIPE_SECRET_KEY?.trim();
  if (!secretKey) return null;
  const base = env.STRIPE_API_BASE?.trim();
  return { secretKey, webhookSecret: env.STRIPE_WEBHOOK_SECRET?.trim() || null, apiBase: base ? new URL(base) : null };
}

/** Whether events must be live-mode ones: a `sk_live_` key takes only live events, any other key only test ones. */
export function stripeLiveMode(): boolean {
  return stripeSettings()?.secretKey.startsWith("sk_live_") ?? false;
}

/** Whether the platform's Stripe keys are set (online payment possible at all). */
export function stripeConfigured(): boolean {
  return stripeSettings() !== null;
}

/** Tests: answer every Stripe API call with this client (null: the SDK's own). */
export function setStripeHttpClient(client: Stripe.HttpClient | null) {
  httpClientOverride = client;
  cached = null;
}

/** The platform's Stripe client, or null when Stripe is not configured. */
export function stripeClient(): Stripe | null {
  const s = stripeSettings();
  if (!s) return null;
  const key = JSON.stringify([s.secretKey, s.apiBase?.href ?? ""]);
  if (cached?.key === key) return cached.client;
  const client = new Stripe(s.secretKey, {
    // The call runs inside a request's transaction: give up fast (one retry, same
    // idempotency key, which the SDK reuses on its retries).
    maxNetworkRetries: 1,
    timeout: 10_000,
    telemetry: false,
    ...(httpClientOverride ? { httpClient: httpClientOverride } : {}),
    ...(s.apiBase
      ? { host: s.apiBase.hostname, port: s.apiBase.port || (s.apiBase.protocol === "https:" ? 443 : 80), protocol: s.apiBase.protocol.replace(":", "") as "http" | "https" }
      : {}),
  });
  cached = { key, client };
  return client;
}

/**
 * A webhook request's event, verified against `STRIPE_WEBHOOK_SECRET` on the raw body
 * (Stripe's own check: signature and a 5-minute tolerance). Null when the signature is
 * missing or wrong, or no secret is configured.
 */
export function verifyWebhook(rawBody: string, signature: string | null): Stripe.Event | null {
  const s = stripeSettings();
  const secret = s?.webhookSecret ?? process.env.STRIPE_WEBHOOK_SECRET?.trim();
  if (!secret || !signature) return null;
  try {
    return Stripe.webhooks.constructEvent(rawBody, signature, secret);
  } catch {
    return null;
  }
}

export { Stripe };
