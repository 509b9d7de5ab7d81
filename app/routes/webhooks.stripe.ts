import type { ActionFunctionArgs } from "@remix-run/node";
import { withPlatform } from "#app/db/tenant.server";
import { isDomainError } from "#app/domain/errors.server";
import { applyStripeEvent } from "#app/domain/payments/webhook.server";
import { requestMeta } from "#app/lib/http.server";
import { logger } from "#app/lib/logger.server";
import { verifyWebhook } from "#app/lib/stripe.server";

/**
 * POST /webhooks/stripe (ADR 032). Stripe sends no Origin and no cookie: the signature on
 * the raw body is the check (the HTTP layer exempts this path from the cross-site check and
 * gives it a larger body limit). A missing or wrong signature → 400, nothing stored. A
 * verified event is stored once and applied in one transaction; an event that needs
 * something not yet recorded → 409 (rolled back; Stripe delivers it again later).
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return text("Method not allowed.", 405);
  const raw = await request.text();
  const event = verifyWebhook(raw, request.headers.get("stripe-signature"));
  if (!event) return text("Invalid signature.", 400);
  const meta = requestMeta(request);
  try {
    const result = await withPlatform(meta, (tx) => applyStripeEvent(tx, event));
    return Response.json({ received: true, result }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (isDomainError(error, "conflict")) {
      logger().info({ eventId: event.id, type: event.type }, "stripe event deferred: " + error.message);
      return text(error.message, 409);
    }
    throw error;
  }
}

export function loader() {
  return text("Not found.", 404);
}

function text(body: string, status: number) {
  return new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
