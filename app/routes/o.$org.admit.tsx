import { formConstraint } from "#app/ui/constraint";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { localToday } from "#app/domain/dates.server";
import { listFreeBeds } from "#app/domain/admissions/queries.server";
import { AdmitInput } from "#app/domain/admissions/schemas";
import { admitResident } from "#app/domain/admissions/stays.server";
import { listResidents } from "#app/domain/residents/residents.server";
import { BookingDateFields, LISTED_FOR } from "#app/ui/date-lookup";
import { Button, FormMessage, SelectField } from "#app/ui/form";

import { withoutKeys } from "#app/ui/form-errors";
import { redirectWithFlash } from "#app/ui/flash.server";
import { attempt, invalid } from "#app/ui/forms.server";
import { parseForm } from "#app/ui/parse-form";
import { useServerForm } from "#app/ui/server-form";
import { formatDay } from "#app/lib/dates";
import { Card, EmptyState, PageHeader } from "#app/ui/page";
import { bedGroups, bookingDates, DATES_CHANGED_MESSAGE, datesChangedSince } from "#app/ui/booking.server";

export const meta: MetaFunction = () => [{ title: "Admit a resident · Hearth" }];

/** Checked in the action only (ADR 029): the page ships no zod; the loader sends the HTML constraints. */
const schema = AdmitInput;
const MESSAGES = { residentId: "Choose a resident.", bedId: "Choose a bed.", moveInDate: "Choose a move-in date." };
/** Prefill values from links (the occupancy board's "Admit", a resident's page); garbage is ignored. */
const prefill = z.uuid().nullable().catch(null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "stays:write");
  const url = new URL(request.url);
  const bedId = prefill.parse(url.searchParams.get("bedId"));
  const residentId = prefill.parse(url.searchParams.get("residentId"));
  const { dates, residents, beds } = await withTenant(ctx.tenant, async (tx) => {
    // Today in the chosen bed's house (the org's when no bed is chosen yet).
    const dates = bookingDates(url, { from: await localToday(tx, { bedId }) });
    return {
      dates,
      residents: await listResidents(tx, { scope: "all" }),
      // Dates that make no sense offer no beds (the page says why).
      beds: dates.problem ? [] : await listFreeBeds(tx, { from: dates.from, to: dates.to }),
    };
  });
  // Someone living in or booked into a bed moves by transfer, from their stay's page.
  const available = residents.filter((r) => r.stay === null);
  const bedIsFree = bedId ? beds.some((b) => b.id === bedId) : true;
  return {
    constraint: formConstraint(schema),
    residents: available.map((r) => ({ value: r.id, label: r.displayName === r.legalName ? r.legalName : `${r.displayName} (${r.legalName})` })),
    staying: residents.length - available.length,
    bedGroups: bedGroups(beds, beds.find((b) => b.id === bedId)?.houseId),
    prefill: { bedId: bedIsFree ? bedId : null, residentId: available.some((r) => r.id === residentId) ? residentId : null },
    bedNotice: url.searchParams.get("datesChanged")
      ? DATES_CHANGED_MESSAGE
      : bedIsFree
        ? null
        : "The bed you chose isn't free for these dates. Choose another bed, or other dates.",
    dates: {
      moveInDate: dates.from,
      expectedMoveOutDate: dates.to,
      problem: dates.problem,
      summary: `from ${formatDay(dates.from)}${dates.to ? ` to ${formatDay(dates.to)}` : " (open-ended)"}`,
      moveInLabel: formatDay(dates.from),
    },
  };
}

const CONTROL_FIELDS = [LISTED_FOR, "lookup"];

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "stays:write");
  const formData = await request.formData();
  // The dates the person sees are the dates used: if they changed them after the beds
  // were listed, list the beds for the new dates instead of booking.
  const changed = datesChangedSince(new URL(request.url), formData, ["moveInDate", "expectedMoveOutDate"], ["residentId", "bedId"]);
  if (changed) return changed;
  const submission = parseForm(withoutKeys(formData, CONTROL_FIELDS), schema, MESSAGES);
  if (submission.status !== "success") return invalid("admit", submission);
  return attempt({ formId: "admit", submission }, async () => {
    const { stayId } = await withTenant(ctx.tenant, (tx) => admitResident(tx, submission.value));
    return redirectWithFlash(`/o/${ctx.org.slug}/stays/${stayId}`, "admitted");
  });
}

/** After a refused booking (e.g. the bed was just taken) the list is read again, so the taken bed is gone. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export default function AdmitPage() {
  const { constraint, residents, staying, bedGroups, prefill, bedNotice, dates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const org = useParams().org;
  const [form, fields] = useServerForm<{ residentId: string; bedId: string; moveInDate: string; expectedMoveOutDate: string }>({
    id: "admit",
    lastResult: actionData?.result,
    constraint,
    defaultValue: { residentId: prefill.residentId ?? "", bedId: prefill.bedId ?? "" },
  });
  return (
    <>
      <PageHeader
        title="Admit a resident"
        description="Book a bed for someone who already has a resident profile. New applicants are admitted from their application."
      />
      <div className="max-w-3xl space-y-6">
        {residents.length === 0 ? (
          <EmptyState title="Nobody is waiting for a bed">
            Everyone with a resident profile lives in or is booked into a bed. Admit new people from their application, or
            add a profile on the <Link to={`/o/${org}/residents`}>Residents</Link> page.
          </EmptyState>
        ) : (
          <Card title="Dates, resident and bed">
            <Form method="post" {...form.props} className="space-y-4">
              <BookingDateFields
                id="admit-dates"
                dates={[
                  { name: "moveInDate", label: "Move-in date", value: dates.moveInDate, required: true },
                  { name: "expectedMoveOutDate", label: "Expected move-out (optional)", value: dates.expectedMoveOutDate },
                ]}
                problem={dates.problem}
                errors={{ moveInDate: fields.moveInDate.errors, expectedMoveOutDate: fields.expectedMoveOutDate.errors }}
              />
              <FormMessage>{form.errors?.join(" ")}</FormMessage>
              {bedNotice ? <FormMessage>{bedNotice}</FormMessage> : null}
              <SelectField
                field={fields.residentId}
                label="Resident"
                hint={staying ? `${staying} resident${staying === 1 ? " is" : "s are"} not listed because they already live in or are booked into a bed.` : undefined}
                options={[{ value: "", label: "Choose a resident" }, ...residents]}
              />
              {bedGroups.length ? (
                <>
                  <SelectField field={fields.bedId} label="Bed" groups={bedGroups} placeholder="Choose a bed" hint={`Beds free ${dates.summary}, grouped by house.`} />
                  <Button type="submit">Admit from {dates.moveInLabel}</Button>
                </>
              ) : (
                <p>{dates.problem ? "Correct the dates to see the free beds." : `No bed is free ${dates.summary}. Try other dates.`}</p>
              )}
            </Form>
          </Card>
        )}
      </div>
    </>
  );
}
