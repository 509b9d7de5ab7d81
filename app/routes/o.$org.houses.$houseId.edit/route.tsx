import type { SubmissionResult } from "@conform-to/react";
import { formConstraint, type FormConstraint } from "#app/ui/constraint";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { can, ROLE_LABELS } from "#app/domain/permissions";
import { withTenant } from "#app/db/tenant.server";
import { getHouse, setHouseStatus, updateHouse } from "#app/domain/houses/houses.server";
import { listHouseStaffOptions, setHouseStaff } from "#app/domain/houses/staffing.server";
import { forbidden } from "#app/lib/http.server";
import { CheckboxGroup, FormErrors } from "#app/ui/choices";
import { pageErrorOf } from "#app/ui/page-error";
import { Button, PageNotices } from "#app/ui/form";
import { HouseForm } from "#app/ui/house-form";
import { HOUSE_FIELDS, houseConstraint, houseFormSchema, timeZoneOptions } from "#app/ui/house-form.server";
import { useFormKeys } from "#app/ui/form-keys";
import { useServerForm } from "#app/ui/server-form";
import { staffSchema, statusSchema } from "./forms.server";
import { Badge } from "#app/ui/occupancy";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { Card, PageHeader } from "#app/ui/page";
import { intent, orErrorPage, runIntent } from "#app/ui/forms.server";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Edit ${data.house.name} · Hearth` : "House · Hearth" }];

/**
 * House details and archiving: houses:write (owner/admin, and house managers in the
 * houses they are assigned to — RLS answers 404 for the others). Who works in the
 * house: members:manage (owner/admin) only, like the rest of team management.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:write");
  const houseId = houseIdParam(params);
  const canAssign = can(ctx.role, "members:manage");
  const { house, staff } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => ({
      house: await getHouse(tx, houseId),
      staff: canAssign ? await listHouseStaffOptions(tx, houseId) : null,
    })),
    NOT_FOUND.house,
  );
  return {
    base: `/o/${ctx.org.slug}/houses/${house.id}`,
    sections: houseSections(ctx.role),
    house: {
      id: house.id,
      name: house.name,
      archived: house.status !== "active",
      beds: house.capacity,
      rooms: house.rooms,
    },
    defaults: {
      name: house.name,
      addressLine1: house.addressLine1,
      addressLine2: house.addressLine2 ?? "",
      city: house.city,
      region: house.region,
      postalCode: house.postalCode,
      populations: house.populations,
      narrLevel: String(house.narrLevel),
      timeZone: house.timeZone,
      phone: house.phone ?? "",
      bathroomCount: house.bathroomCount === null ? "" : String(house.bathroomCount),
    },
    zones: timeZoneOptions(house.timeZone),
    // Checked in the action only (ADR 029): the page ships no zod.
    constraints: { house: houseConstraint(), staff: formConstraint(staffSchema) },
    listingHref: can(ctx.role, "vacancies:publish") && ctx.org.kind === "operator" ? `/o/${ctx.org.slug}/houses/${house.id}/listing` : null,
    staff: staff?.map((s) => ({ membershipId: s.membershipId, label: `${s.name} — ${ROLE_LABELS[s.role]}`, assigned: s.assigned })) ?? null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:write");
  const houseId = houseIdParam(params);
  return runIntent(await request.formData(), {
    "save-house": intent({
      schema: houseFormSchema,
      formId: "house",
      fields: HOUSE_FIELDS,
      run: async ({ intent: _intent, ...input }) => {
        await withTenant(ctx.tenant, (tx) => updateHouse(tx, houseId, input));
        return "House details saved.";
      },
    }),
    "set-house-status": intent({
      schema: statusSchema,
      formId: "status",
      button: true,
      run: async ({ status }) => {
        await withTenant(ctx.tenant, (tx) => setHouseStatus(tx, { houseId, status }));
        return status === "inactive" ? "The house is archived. It no longer counts toward occupancy." : "The house is active again.";
      },
    }),
    "set-house-staff": intent({
      schema: staffSchema,
      formId: "staff",
      fields: ["membershipIds"],
      run: async ({ membershipIds }) => {
        if (!can(ctx.role, "members:manage")) forbidden("Only owners and administrators assign people to houses.");
        const { added, removed } = await withTenant(ctx.tenant, (tx) => setHouseStaff(tx, { houseId, membershipIds }));
        return added || removed ? "Staff assignments saved." : "No changes to staff assignments.";
      },
    }),
  });
}

export default function EditHousePage() {
  const { base, sections, house, defaults, zones, staff, listingHref, constraints } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const keyFor = useFormKeys(actionData);
  const resultFor = (formId: string) => (actionData?.formId === formId ? actionData.result : null);
  return (
    <>
      <PageHeader
        title={`Edit ${house.name}`}
        description={
          <>
            {house.archived ? <Badge tone="muted">Archived</Badge> : null} {house.beds} {house.beds === 1 ? "bed" : "beds"} in {house.rooms}{" "}
            {house.rooms === 1 ? "room" : "rooms"}.
          </>
        }
      />
      <HouseNav houseBase={base} sections={sections} />
      <PageNotices notice={actionData?.notice} error={pageErrorOf(actionData, ["house", staff && "staff"])} />
      <div className="grid gap-6 lg:grid-cols-[3fr_2fr] lg:items-start">
        <Card title="House details">
          <HouseForm key={keyFor("house")} defaults={defaults} lastResult={resultFor("house")} constraint={constraints.house} zones={zones} submitLabel="Save house details" />
        </Card>
        <div className="space-y-6">
          {staff ? <StaffForm key={keyFor("staff")} staff={staff} constraint={constraints.staff} lastResult={resultFor("staff")} /> : null}
          {listingHref ? (
            <Card title="Public vacancy listing">
              <Link to={listingHref}>Publish open beds for this house</Link>
            </Card>
          ) : null}
          <Card title={house.archived ? "Reactivate this house" : "Archive this house"}>
            {house.archived ? (
              <p className="mb-3 text-sm text-muted">
                Archived houses are hidden from the board and from occupancy. Reactivate it to admit residents here again.
              </p>
            ) : (
              <p className="mb-3 text-sm text-muted">
                Archive a house you no longer operate. Its history stays on record. A house with current residents or
                planned move-ins can't be archived: transfer or discharge them first.
              </p>
            )}
            <Form method="post">
              <input type="hidden" name="intent" value="set-house-status" />
              <input type="hidden" name="status" value={house.archived ? "active" : "inactive"} />
              <Button type="submit" variant={house.archived ? "primary" : "danger"}>
                {house.archived ? "Reactivate house" : "Archive house"}
              </Button>
            </Form>
          </Card>
        </div>
      </div>
    </>
  );
}

function StaffForm({
  staff,
  constraint,
  lastResult,
}: {
  staff: { membershipId: string; label: string; assigned: boolean }[];
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null | undefined;
}) {
  const [form, fields] = useServerForm<{ membershipIds: string[] }>({
    id: "staff",
    lastResult,
    constraint,
    defaultValue: { membershipIds: staff.filter((s) => s.assigned).map((s) => s.membershipId) },
  });
  return (
    <Card title="House managers and staff">
      {staff.length === 0 ? (
        <p className="text-sm text-muted">
          Nobody on your team is a house manager or staff member yet. Invite them under <strong>Team</strong>, then assign
          them here. (Owners and administrators see every house.)
        </p>
      ) : (
        <Form method="post" {...form.props} className="space-y-4">
          <input type="hidden" name="intent" value="set-house-staff" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <CheckboxGroup
            field={fields.membershipIds}
            legend="Who works in this house"
            hint="House managers and staff see only the houses they are assigned to."
            columns={1}
            options={staff.map((s) => ({ value: s.membershipId, label: s.label }))}
          />
          <Button type="submit" variant="secondary">
            Save assignments
          </Button>
        </Form>
      )}
    </Card>
  );
}
