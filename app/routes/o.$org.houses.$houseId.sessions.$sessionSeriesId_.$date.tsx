import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import type { AttendanceStatus } from "#app/db/schema";
import { withTenant } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { ATTENDANCE_LABELS, ATTENDANCE_RULE_LABELS, ATTENDANCE_STATUSES } from "#app/domain/sessions/labels";
import { attendanceSheet, getOccurrence, recordAttendance, sessionHouse } from "#app/domain/sessions/sessions.server";
import { formatInZone, isoDate } from "#app/lib/dates";
import { id } from "#app/lib/fields";
import { notFound } from "#app/lib/http.server";
import { PageNotices } from "#app/ui/form";
import { intent, orErrorPage, runIntent, uuidParam, type FormActionData } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { Card, PageHeader } from "#app/ui/page";
import { houseIdParam } from "#app/ui/params.server";
import { usePostAction } from "#app/ui/post-action";

/**
 * Attendance for one occurrence, on a phone: every expected resident with one tap each
 * for present / excused / absent. Each tap is its own small POST saved at once; without
 * JavaScript it is a plain form and the page comes back with the saved state, with
 * JavaScript a fetcher per row shows "Saving…" and "Saved" on that row alone. Staff of
 * the house take attendance too (houses:read, RLS decides the house).
 */
export const meta: MetaFunction = () => [{ title: "Attendance · Hearth" }];

const NOT_FOUND_OCCURRENCE = "We couldn't find that session.";
const recordSchema = z.strictObject({ intent: z.literal("record"), residentId: id, status: z.enum(ATTENDANCE_STATUSES, "Choose present, excused or absent.") });

function occurrenceParams(params: { houseId?: string; sessionSeriesId?: string; date?: string }) {
  const houseId = houseIdParam(params);
  const seriesId = uuidParam(params.sessionSeriesId, NOT_FOUND_OCCURRENCE);
  const date = isoDate.safeParse(params.date);
  if (!date.success) notFound(NOT_FOUND_OCCURRENCE);
  return { houseId, seriesId, occursOn: date.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const { houseId, seriesId, occursOn } = occurrenceParams(params);
  const page = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      const house = await sessionHouse(tx, houseId);
      const o = await getOccurrence(tx, houseId, seriesId, occursOn);
      const rows = await attendanceSheet(tx, houseId, o);
      await audit(tx, "session.listed", { type: "house", id: houseId }, { view: "attendance", seriesId, occursOn, residentIds: rows.map((r) => r.residentId) });
      return { house, o, rows };
    }),
    NOT_FOUND_OCCURRENCE,
  );
  const { house, o, rows } = page;
  return {
    sections: houseSections(ctx.role),
    houseBase: `/o/${ctx.org.slug}/houses/${houseId}`,
    back: `/o/${ctx.org.slug}/houses/${houseId}/sessions`,
    houseName: house.name,
    title: o.title,
    when: `${formatInZone(o.startsAt, o.timeZone, "EEEE, MMM d, h:mm a")}–${formatInZone(o.endsAt, o.timeZone, "h:mm a")}`,
    expected: ATTENDANCE_RULE_LABELS[o.attendance],
    open: o.status !== "cancelled" && o.day <= house.today,
    cancelled: o.status === "cancelled",
    rows,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const { houseId, seriesId, occursOn } = occurrenceParams(params);
  return runIntent(await request.formData(), {
    record: intent({
      schema: recordSchema,
      formId: (f) => `attendance-${String(f.get("residentId") ?? "").slice(0, 36)}`,
      button: true,
      notFoundMessage: NOT_FOUND_OCCURRENCE,
      run: async ({ residentId, status }) => {
        await withTenant(ctx.tenant, (tx) => recordAttendance(tx, houseId, { seriesId, occursOn, residentId, status }));
        return `${ATTENDANCE_LABELS[status]} saved.`;
      },
    }),
  });
}

// A tap saves one row; the row shows its own state, so the page is not reloaded after each.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod?.toUpperCase() === "POST" ? false : defaultShouldRevalidate;

type Row = { residentId: string; name: string; status: AttendanceStatus | null };

function AttendanceRow({ row, open, action }: { row: Row; open: boolean; action: string }) {
  const fetcher = useFetcher<FormActionData>();
  const sent = useRef<AttendanceStatus | null>(null);
  const [saved, setSaved] = useState<AttendanceStatus | null>(row.status);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && !fetcher.data.error && sent.current) setSaved(sent.current);
  }, [fetcher.state, fetcher.data]);
  const pending = fetcher.formData?.get("status") as AttendanceStatus | undefined;
  const shown = pending ?? saved;
  const error = fetcher.state === "idle" ? fetcher.data?.error : null;
  const label = `attendance-${row.residentId}-name`;
  return (
    <li className="py-3">
      <p id={label} className="font-medium">
        {row.name}
      </p>
      <fetcher.Form method="post" action={action} className="mt-2 grid grid-cols-3 gap-2" aria-labelledby={label}>
        <input type="hidden" name="intent" value="record" />
        <input type="hidden" name="residentId" value={row.residentId} />
        {ATTENDANCE_STATUSES.map((s) => (
          <button
            key={s}
            type="submit"
            name="status"
            value={s}
            disabled={!open}
            aria-pressed={shown === s}
            onClick={() => {
              sent.current = s;
            }}
            className="min-h-11 rounded-md border border-line bg-white px-2 font-medium text-ink aria-pressed:border-brand-700 aria-pressed:bg-brand-700 aria-pressed:text-white disabled:opacity-60"
          >
            {ATTENDANCE_LABELS[s]}
            <span className="sr-only">: {row.name}</span>
          </button>
        ))}
      </fetcher.Form>
      <p className="mt-1 min-h-5 text-sm" role="status">
        {fetcher.state !== "idle" ? "Saving…" : error ? <span className="text-danger">{error}</span> : fetcher.data ? `Saved: ${ATTENDANCE_LABELS[saved ?? "present"]}` : shown ? `Recorded: ${ATTENDANCE_LABELS[shown]}` : "Not recorded yet"}
      </p>
    </li>
  );
}

export default function AttendancePage() {
  const { back, houseName, title, when, expected, open, cancelled, rows, houseBase, sections } = useLoaderData<typeof loader>();
  const postAction = usePostAction();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader
        title={`Attendance: ${title}`}
        description={
          <>
            {houseName} · {when}. <Link to={back}>Back to sessions</Link>
          </>
        }
      />
      <HouseNav houseBase={houseBase} sections={sections} />
      <PageNotices
        notice={actionData?.notice}
        error={actionData?.error ?? (cancelled ? "This session was cancelled." : !open ? "Attendance opens on the day of the session." : null)}
      />
      <Card title={`Expected: ${expected}`}>
        {rows.length === 0 ? (
          <p className="text-muted">Nobody is expected at this session.</p>
        ) : (
          <ul aria-label="Attendance" className="divide-y divide-line">
            {rows.map((r) => (
              <AttendanceRow key={r.residentId} row={r} open={open} action={postAction} />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
