import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

/**
 * Stripe, faked at its HTTP boundary (ADR 032): tests never reach the network. The answers
 * are the shapes Stripe's API returns (trimmed to the fields Hearth reads); every request
 * is recorded with its headers (Idempotency-Key, Stripe-Account) and form body.
 *
 *  - `FakeStripeHttpClient`: a `Stripe.HttpClient` for the SDK in this process.
 *  - `startFakeStripeServer()`: the same answers over loopback HTTP, for a server built
 *    separately (integration and Playwright runs set STRIPE_API_BASE to its URL).
 */

export type RecordedRequest = { method: string; path: string; headers: Record<string, string>; body: URLSearchParams };

export const FAKE_CHECKOUT_URL = "https://checkout.stripe.com/c/pay/cs_test_fake";

let seq = 0;
const next = (prefix: string) => `${prefix}_test${Date.now().toString(36)}${(seq++).toString(36)}`;

/** Stripe's answer to one request, by path: Checkout Session, Account, Account Link. */
export function fakeAnswer(method: string, path: string, body: URLSearchParams): { status: number; json: unknown } {
  if (method === "POST" && path === "/v1/checkout/sessions") {
    const id = next("cs");
    return {
      status: 200,
      json: {
        id,
        object: "checkout.session",
        mode: "payment",
        status: "open",
        payment_status: "unpaid",
        amount_total: Number(body.get("line_items[0][price_data][unit_amount]")),
        currency: body.get("line_items[0][price_data][currency]"),
        client_reference_id: body.get("client_reference_id"),
        metadata: Object.fromEntries([...body.entries()].filter(([k]) => k.startsWith("metadata[")).map(([k, v]) => [k.slice(9, -1), v])),
        payment_intent: null,
        url: `${FAKE_CHECKOUT_URL}#${id}`,
        livemode: false,
      },
    };
  }
  if (method === "POST" && path === "/v1/accounts") {
    return { status: 200, json: { id: "acct_1FakeConnected00001", object: "account", charges_enabled: false, details_submitted: false, type: "standard" } };
  }
  const account = path.match(/^\/v1\/accounts\/(acct_[A-Za-z0-9]+)$/);
  if (method === "GET" && account) {
    return { status: 200, json: { id: account[1], object: "account", charges_enabled: true, details_submitted: true, type: "standard" } };
  }
  if (method === "POST" && path === "/v1/account_links") {
    return { status: 200, json: { object: "account_link", created: Math.floor(Date.now() / 1000), expires_at: Math.floor(Date.now() / 1000) + 300, url: "https://connect.stripe.com/setup/s/fake" } };
  }
  return { status: 404, json: { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` } } };
}

class FakeResponse extends Stripe.HttpClientResponse {
  constructor(
    status: number,
    private readonly json: unknown,
  ) {
    super(status, { "request-id": "req_fake", "content-type": "application/json" });
  }
  override getRawResponse() {
    return this.json;
  }
  override toStream(): never {
    throw new Error("not used");
  }
  override toJSON() {
    return Promise.resolve(this.json);
  }
}

export class FakeStripeHttpClient extends Stripe.HttpClient {
  readonly requests: RecordedRequest[] = [];
  override getClientName() {
    return "fake";
  }
  override makeRequest(_host: string, _port: string, path: string, method: string, headers: Record<string, unknown>, requestData: string) {
    const body = new URLSearchParams(requestData ?? "");
    const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    const pathname = path.split("?")[0]!;
    this.requests.push({ method, path: pathname, headers: h, body });
    const a = fakeAnswer(method, pathname, body);
    return Promise.resolve(new FakeResponse(a.status, a.json));
  }
}

/** The fake over loopback HTTP. */
export async function startFakeStripeServer(port = 0) {
  const requests: RecordedRequest[] = [];
  // Tests: every answer is this Stripe error status while set (null: normal answers).
  const control = { failStatus: null as number | null };
  const server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (c: Buffer) => (data += c.toString()));
    req.on("end", () => {
      const body = new URLSearchParams(data);
      const pathname = (req.url ?? "/").split("?")[0]!;
      requests.push({ method: req.method ?? "GET", path: pathname, headers: req.headers as Record<string, string>, body });
      const a =
        control.failStatus === null
          ? fakeAnswer(req.method ?? "GET", pathname, body)
          : { status: control.failStatus, json: { error: { type: control.failStatus >= 500 ? "api_error" : "invalid_request_error", message: "The fake says no." } } };
      res.writeHead(a.status, { "content-type": "application/json", "request-id": "req_fake" });
      res.end(JSON.stringify(a.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, control, close: () => new Promise<void>((r) => server.close(() => r())) };
}

// ── webhook events ─────────────────────────────────────────────────────

export const TEST_WEBHOOK_SECRET = "whsec_test_hearth_fake_secret";

/** A signed webhook delivery: the raw body and its Stripe-Signature header. */
export function signed(event: object, secret = TEST_WEBHOOK_SECRET) {
  const payload = JSON.stringify(event);
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret }) };
}

type Meta = Record<string, string>;

export function event(account: string, type: string, object: object, id = next("evt")) {
  return { id, object: "event", type, account, api_version: "2025-01-01", created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: null, data: { object } };
}

export const checkoutCompleted = (account: string, pi: string, amount: number, metadata: Meta, sessionId = next("cs"), currency = "usd") =>
  event(account, "checkout.session.completed", { id: sessionId, object: "checkout.session", payment_status: "paid", status: "complete", amount_total: amount, currency, payment_intent: pi, metadata, client_reference_id: metadata.hearth_attempt_id ?? null });
export const intentSucceeded = (account: string, pi: string, amount: number, metadata: Meta, currency = "usd") =>
  event(account, "payment_intent.succeeded", { id: pi, object: "payment_intent", status: "succeeded", amount, amount_received: amount, currency, metadata });
export const intentFailed = (account: string, pi: string, metadata: Meta) =>
  event(account, "payment_intent.payment_failed", { id: pi, object: "payment_intent", status: "requires_payment_method", amount_received: 0, metadata, last_payment_error: { code: "card_declined" } });
/** charge.refunded listing the charge's refunds so far (each `[id, amount]`). */
export const chargeRefunded = (account: string, pi: string, amount: number, refunds: [string, number][]) =>
  event(account, "charge.refunded", {
    id: next("ch"),
    object: "charge",
    amount,
    amount_refunded: refunds.reduce((s, [, a]) => s + a, 0),
    payment_intent: pi,
    refunds: { object: "list", data: refunds.map(([id, a]) => ({ id, object: "refund", amount: a, status: "succeeded", payment_intent: pi })) },
  });
export const refundCreated = (account: string, pi: string, refundId: string, amount: number, status = "succeeded") =>
  event(account, "refund.created", { id: refundId, object: "refund", amount, status, payment_intent: pi, metadata: {} });
export const disputeCreated = (account: string, pi: string, amount: number, id = next("dp")) =>
  event(account, "charge.dispute.created", { id, object: "dispute", amount, reason: "fraudulent", status: "needs_response", charge: next("ch"), payment_intent: pi });
export const disputeClosed = (account: string, pi: string, amount: number, id: string, status: "lost" | "won") =>
  event(account, "charge.dispute.closed", { id, object: "dispute", amount, reason: "fraudulent", status, charge: next("ch"), payment_intent: pi });
