import { data } from "@remix-run/node";
import { z } from "zod";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { makeFeed, turnOffFeed, type FeedTarget } from "#app/domain/calendar/feeds.server";
import { appLink } from "#app/lib/links.server";
import { intent, type FormActionData } from "./forms.server";

/**
 * The calendar-link forms of the resident's calendar page and the staff house calendar
 * (one table of intents for both): make a link (or a new one, which turns the old one
 * off) and turn it off. A new link is answered once, in the action's data: only its hash
 * is stored, so it cannot be shown again (ADR 026).
 */

export type FeedActionData = FormActionData & { feedUrl?: string; webcalUrl?: string };

export const feedUrls = (token: string) => {
  const feedUrl = appLink(`/calendar/${token}.ics`);
  return { feedUrl, webcalUrl: feedUrl.replace(/^https?:/, "webcal:") };
};

const makeSchema = z.strictObject({ intent: z.literal("make-feed") });
const offSchema = z.strictObject({ intent: z.literal("turn-off-feed") });

export function feedIntents(tenant: TenantContext, target: FeedTarget) {
  return {
    "make-feed": intent({
      schema: makeSchema,
      formId: "make-feed",
      button: true,
      run: async () => {
        const made = await withTenant(tenant, (tx) => makeFeed(tx, target));
        const notice = made.replaced ? "Your new calendar link is ready. The old one no longer works." : "Your calendar link is ready.";
        return data<FeedActionData>({ formId: "make-feed", result: null, notice, error: null, pageError: null, detail: null, ...feedUrls(made.token) });
      },
    }),
    "turn-off-feed": intent({
      schema: offSchema,
      formId: "turn-off-feed",
      button: true,
      run: async () => {
        await withTenant(tenant, (tx) => turnOffFeed(tx, target));
        return "Your calendar link is turned off. Calendars that used it will stop updating.";
      },
    }),
  };
}
