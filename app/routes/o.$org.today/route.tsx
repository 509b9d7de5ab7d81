import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { can } from "#app/domain/permissions";
import { MOVE_DAYS, todayView } from "#app/domain/today/today.server";
import { badRequest, notFound } from "#app/lib/http.server";
import { EmptyState, PageHeader } from "#app/ui/page";
import { NOT_FOUND } from "#app/ui/params.server";
import { HouseToday, TodaySummary } from "./parts";
import { houseDetail, houseSummary } from "./view.server";

/**
 * The manager's today (issue 10, capability 5; ADR 027): where house managers and staff
 * land, and a page owners and admins can open. Per house the caller may see (RLS), on the
 * house's local today: chores, sessions to take attendance for, residents under their
 * meeting target, unsigned documents, referral follow-ups and safety checks due, and the
 * coming moves. Above `SUMMARY_ABOVE` houses (an owner's operator) the page is a summary,
 * a line of counts per house, and `?house=` opens one house's detail. Three statements in
 * all (today.server.ts), audited as one `today.listed` read.
 */
export const meta: MetaFunction = () => [{ title: "Today · Hearth" }];

const TodayQuery = z.strictObject({ house: z.uuid().optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const query = TodayQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) badRequest("That link isn't valid. Open Today from the menu.");
  const houseId = query.data.house ?? null;
  const scoped = ctx.role === "house_manager" || ctx.role === "staff";
  // Owners and admins see every house: above five, a summary; house managers and staff work from their houses' detail.
  const view = await withTenant(ctx.tenant, (tx) => todayView(tx, { houseId, summarize: !scoped }));
  // A house that isn't active or isn't one of the caller's is not found, like its own pages.
  if (houseId && view.houses.length === 0) notFound(NOT_FOUND.house);
  const orgBase = `/o/${ctx.org.slug}`;
  return {
    orgBase,
    todayBase: `${orgBase}/today`,
    oneHouse: houseId !== null,
    scoped,
    canAddHouse: can(ctx.role, "houses:write"),
    moveDays: MOVE_DAYS,
    summary: view.kind === "summary" ? view.houses.map((h) => houseSummary(h, `${orgBase}/today`)) : null,
    houses: view.kind === "houses" ? view.houses.map((h) => houseDetail(h, orgBase)) : [],
  };
}

export default function TodayPage() {
  const { houses, summary, orgBase, todayBase, oneHouse, scoped, canAddHouse, moveDays } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="Today" description="What each of your houses needs today, in the house’s own time zone." />
      {oneHouse ? (
        <p className="-mt-4 mb-4 text-sm">
          <Link to={todayBase}>All houses today</Link>
        </p>
      ) : null}
      {summary ? (
        <TodaySummary houses={summary} />
      ) : houses.length === 0 ? (
        <EmptyState title={scoped ? "You aren't assigned to a house yet" : "No active houses yet"}>
          {scoped ? (
            canAddHouse ? (
              <>
                Setting up a house you run? <Link to={`${orgBase}/houses/new`}>Add a house</Link>: you'll be assigned to it. Otherwise, ask an owner
                or administrator to assign you to the houses you work in.
              </>
            ) : (
              "Ask an owner or administrator to assign you to the houses you work in."
            )
          ) : (
            <>
              Add a house under <Link to={`${orgBase}/houses`}>Houses</Link>.
            </>
          )}
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {houses.map((h) => (
            <HouseToday key={h.id} h={h} orgBase={orgBase} moveDays={moveDays} />
          ))}
        </div>
      )}
    </div>
  );
}
