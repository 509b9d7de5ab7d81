import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import type { ConfirmActionData } from "#app/ui/confirm.server";
import { ConfirmPanel } from "#app/ui/confirm-panel";
import { LISTED_FOR } from "#app/ui/date-lookup";
import { pageErrorOf } from "#app/ui/page-error";
import { takeFlash } from "#app/ui/flash.server";
import { Button, ButtonLink, PageNotices } from "#app/ui/form";
import { Card, PageHeader } from "#app/ui/page";
import { stayIdParam } from "#app/ui/params.server";
import { stayAction } from "./actions.server";
import { CorrectionForm, DischargeCard, TransferCard, UndoButton } from "./parts";
import { LANDINGS, stayView } from "./view.server";

// No names in the title (history, screen shares, bookmarks).
export const meta: MetaFunction = () => [{ title: "Stay · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const stayId = stayIdParam(params);
  const { flash, headers } = takeFlash(request, LANDINGS);
  return data(await stayView(ctx, stayId, new URL(request.url), flash), { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "stays:write");
  return stayAction(ctx, stayIdParam(params), request);
}

/** After a refused booking (e.g. the bed was just taken) the list is read again, so the taken bed is gone. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export default function StayPage() {
  const {
    stay: s,
    canWrite,
    canCancel,
    canUndoMove,
    canUndoTransfer,
    canUndoDischarge,
    canDischarge,
    todayLabel,
    constraints,
    transfer,
    landing,
    deposits,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ConfirmActionData | undefined;
  const location = useLocation();
  const org = useParams().org;
  const base = `/o/${org}`;
  const resultFor = (formId: string) => (actionData?.formId === formId && !actionData.confirm ? actionData.result : null);
  // A refusal for a form that is not on the page (e.g. the stay changed meanwhile) shows at the top.
  const shown = new Set(
    [
      canCancel && "cancel",
      canUndoMove && "undo-transfer",
      canUndoTransfer && "undo-transfer",
      canUndoDischarge && "undo-discharge",
      canDischarge && transfer && "transfer",
      canDischarge && "discharge",
    ].filter(Boolean)
  );
  const elsewhere = pageErrorOf(actionData?.confirm ? null : actionData, shown);
  const hasCorrection = canCancel || canUndoMove || canUndoTransfer || canUndoDischarge;
  return (
    <>
      <PageHeader title="Stay" description={s.place} />
      {landing && !actionData ? (
        <section aria-labelledby="landing" className="mb-6 rounded-lg border border-green-300 bg-green-50 p-4">
          <div role="status">
            <h2 id="landing" className="font-semibold text-ok">
              {landing.kind === "admitted" ? "Admitted" : landing.kind === "moved" ? "Move recorded" : "Move cancelled"}
            </h2>
            <p className="mt-1">{landing.text}</p>
          </div>
          <div className="mt-3 flex flex-wrap gap-3">
            {landing.kind === "admitted" ? (
              <>
                <ButtonLink to={`${base}/residents/${s.residentId}`}>
                  Open their profile
                  <span className="sr-only">: {s.residentName}</span>
                </ButtonLink>
                <ButtonLink to={`${base}/houses/${s.houseId}`} variant="secondary">
                  Back to {s.houseName}
                </ButtonLink>
              </>
            ) : (
              <ButtonLink to={`${base}/houses/${s.houseId}`}>Back to {s.houseName}</ButtonLink>
            )}
            {landing.kind === "moved" ? <UndoButton intent="undo-transfer" label="Undo this move" /> : null}
            {landing.kind === "transfer-undone" && landing.redo ? (
              <Form method="post" action={location.pathname}>
                <input type="hidden" name="intent" value="transfer" />
                <input type="hidden" name="toBedId" value={landing.redo.toBedId} />
                <input type="hidden" name="date" value={landing.redo.date} />
                <input type="hidden" name={LISTED_FOR} value={landing.redo.date} />
                <Button type="submit" variant="secondary">
                  Undo: record the move again
                </Button>
              </Form>
            ) : null}
          </div>
        </section>
      ) : null}
      {actionData?.confirm ? <ConfirmPanel confirm={actionData.confirm} cancelHref={`${location.pathname}${location.search}`} /> : null}
      <PageNotices notice={actionData?.notice} error={elsewhere} />
      {actionData?.undo && actionData.notice ? (
        <div className="-mt-2 mb-4">
          <UndoButton intent={actionData.undo.intent} label={actionData.undo.label} />
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Details">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="font-medium">Resident</dt>
            <dd>
              <Link to={`${base}/residents/${s.residentId}`}>{s.residentName}</Link>
            </dd>
            <dt className="font-medium">House</dt>
            <dd>
              <Link to={`${base}/houses/${s.houseId}`}>{s.houseName}</Link>
            </dd>
            <dt className="font-medium">Bed</dt>
            <dd>{s.bed}</dd>
            <dt className="font-medium">Status</dt>
            <dd>{s.statusLabel}</dd>
            <dt className="font-medium">Move-in</dt>
            <dd>{s.moveIn}</dd>
            <dt className="font-medium">Move-out</dt>
            <dd>{s.moveOut ? `${s.moveOut}${s.moveOutKind === "expected" ? " (expected)" : ""}` : "Open-ended"}</dd>
            {s.endedBy ? (
              <>
                <dt className="font-medium">Ends by</dt>
                <dd>{s.endedBy}</dd>
              </>
            ) : null}
            {s.destination ? (
              <>
                <dt className="font-medium">Destination</dt>
                <dd>{s.destination}</dd>
              </>
            ) : null}
            {s.transferredFromStayId ? (
              <>
                <dt className="font-medium">Moved from</dt>
                <dd>
                  <Link to={`${base}/stays/${s.transferredFromStayId}`}>The previous stay</Link>
                </dd>
              </>
            ) : null}
            {s.transferredToStayId ? (
              <>
                <dt className="font-medium">Moved to</dt>
                <dd>
                  <Link to={`${base}/stays/${s.transferredToStayId}`}>The next stay</Link>
                </dd>
              </>
            ) : null}
          </dl>
        </Card>

        {hasCorrection ? (
          <Card title="Correct a mistake">
            <div className="space-y-4">
              {canCancel ? (
                <CorrectionForm intent="cancel" label="Cancel this move-in" lastResult={resultFor("cancel")}>
                  Frees the bed for these dates. The resident's profile stays.
                </CorrectionForm>
              ) : null}
              {canUndoMove ? (
                <CorrectionForm intent="undo-transfer" label="Undo this move" lastResult={resultFor("undo-transfer")}>
                  The resident stays in the bed they moved from, as before the move was recorded.
                </CorrectionForm>
              ) : null}
              {canUndoTransfer ? (
                <CorrectionForm intent="undo-transfer" label="Undo the move to another bed" lastResult={resultFor("undo-transfer")}>
                  This stay continues as before the move was recorded, and the stay in the new bed is removed.
                </CorrectionForm>
              ) : null}
              {canUndoDischarge ? (
                <CorrectionForm intent="undo-discharge" label="Undo the discharge" lastResult={resultFor("undo-discharge")}>
                  The stay continues, open-ended; the discharge reason and destination are removed.
                </CorrectionForm>
              ) : null}
              <p className="text-sm text-muted">Each correction asks you to confirm and is kept in the audit log.</p>
            </div>
          </Card>
        ) : canWrite && !canDischarge ? (
          <Card title="Changes">
            <p className="text-sm text-muted">{s.status === "ended" ? "This stay has ended; its record is kept." : "Nothing to change here."}</p>
          </Card>
        ) : null}
      </div>

      {canDischarge ? (
        <div className="mt-6 grid gap-6 lg:grid-cols-2">
          {transfer ? <TransferCard stayId={s.id} transfer={transfer} constraint={constraints.transfer} lastResult={resultFor("transfer")} /> : null}
          <DischargeCard
            stayId={s.id}
            todayLabel={todayLabel}
            constraint={constraints.discharge}
            lastResult={resultFor("discharge")}
            deposits={deposits}
          />
        </div>
      ) : null}
    </>
  );
}

