import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { listHouseNames } from "#app/domain/houses/houses.server";
import { canActOn, listTeam } from "#app/domain/members/members.server";
import { can, ROLE_LABELS } from "#app/domain/permissions";
import { formatDateTime } from "#app/lib/dates";
import { EmailLink } from "#app/ui/contact-links";
import { DataTable } from "#app/ui/data-table";
import { ConfirmPanel } from "#app/ui/confirm-panel";
import type { ConfirmActionData } from "#app/ui/confirm.server";
import { Button, FormMessage } from "#app/ui/form";
import { useFormKeys } from "#app/ui/form-keys";
import { runIntent } from "#app/ui/forms.server";
import { formConstraint } from "#app/ui/constraint";
import { Card, PageHeader } from "#app/ui/page";
import { inviteSchema, teamRoles } from "./forms.server";
import { teamIntents } from "./intents.server";
import { InviteForm, RoleForm } from "./parts";
import { pageErrorOf } from "#app/ui/page-error";

export const meta: MetaFunction = () => [{ title: "Team · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "members:read");
  const team = await withTenant(ctx.tenant, (tx) => listTeam(tx, ctx.org.id));
  const canManage = can(ctx.role, "members:manage");
  // House managers and staff are invited to their houses in the same form (operators only).
  const houses = canManage && ctx.org.kind === "operator" ? (await withTenant(ctx.tenant, (tx) => listHouseNames(tx))).filter((h) => !h.archived) : [];
  const roles = teamRoles(ctx);
  return {
    base: `/o/${ctx.org.slug}/members`,
    orgName: ctx.org.name,
    canManage,
    houseOptions: houses.map((h) => ({ value: h.id, label: h.name })),
    roleOptions: roles.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
    // The invitation form's HTML constraints; its fields are checked in the action (no zod in the browser).
    inviteConstraint: canManage ? formConstraint(inviteSchema(roles)) : null,
    members: team.members.map((m) => ({
      id: m.id,
      name: m.name,
      email: m.email,
      role: m.role,
      roleLabel: ROLE_LABELS[m.role],
      disabled: m.disabledAt !== null,
      isSelf: m.userId === ctx.user.id,
      canChange: canManage && m.userId !== ctx.user.id && canActOn(ctx, m.role),
    })),
    invites: team.invites.map((i) => ({
      id: i.id,
      email: i.email,
      roleLabel: ROLE_LABELS[i.role],
      houses: i.houseNames.join(", "),
      expires: formatDateTime(i.expiresAt, ctx.org.timeZone),
    })),
  };
}

type Member = SerializeFrom<typeof loader>["members"][number];
type Invite = SerializeFrom<typeof loader>["invites"][number];

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "members:manage");
  return runIntent(await request.formData(), teamIntents(ctx));
}

export default function TeamPage() {
  const { base, orgName, canManage, houseOptions, roleOptions, inviteConstraint, members, invites } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ConfirmActionData | undefined;
  // A role form starts afresh after any answer (asked, kept, changed or refused), so it shows the role on record.
  const keyFor = useFormKeys(actionData);
  const pageError = pageErrorOf(actionData?.confirm ? null : actionData, [canManage && "invite", ...members.map((m) => m.canChange && `role-${m.id}`)]);
  return (
    <>
      <PageHeader title="Team" description={`The people who can sign in to ${orgName}, and their roles.`} />
      {actionData?.confirm ? <ConfirmPanel confirm={actionData.confirm} cancelHref={base} cancelLabel="Keep the current role" /> : null}
      <div className="space-y-6">
        <div aria-live="polite">
          {actionData?.notice ? <FormMessage kind="ok">{actionData.notice}</FormMessage> : null}
        </div>
        {pageError ? <FormMessage>{pageError}</FormMessage> : null}

        <Card title="Members">
          <DataTable
            caption="Members"
            framed={false}
            rows={members}
            rowKey={(m) => m.id}
            columns={[
              {
                header: "Name",
                rowHeader: true,
                cell: (m: Member) => (
                  <>
                    {m.name}
                    {m.isSelf ? <span className="font-normal text-muted"> (you)</span> : null}
                  </>
                ),
              },
              { header: "Email", className: "break-all", cell: (m: Member) => <EmailLink email={m.email} /> },
              {
                header: "Role",
                cell: (m: Member) => (
                  <>
                    {m.roleLabel}
                    {m.disabled ? <span className="block text-muted">Access disabled</span> : null}
                  </>
                ),
              },
              ...(canManage
                ? [
                    {
                      header: "Actions",
                      headerHidden: true,
                      cell: (m: Member) =>
                        m.canChange ? (
                          <div className="flex flex-wrap items-start gap-3">
                            <RoleForm key={keyFor(`role-${m.id}`)} member={m} options={roleOptions} lastResult={actionData?.formId === `role-${m.id}` ? actionData.result : null} />
                            <Form method="post" className="mt-1">
                              <input type="hidden" name="intent" value={m.disabled ? "enable" : "disable"} />
                              <input type="hidden" name="membershipId" value={m.id} />
                              <Button type="submit" variant="secondary">
                                {m.disabled ? "Enable access" : "Disable access"}
                                <span className="sr-only"> for {m.name}</span>
                              </Button>
                            </Form>
                            <Form method="post" className="mt-1">
                              <input type="hidden" name="intent" value="remove" />
                              <input type="hidden" name="membershipId" value={m.id} />
                              <Button type="submit" variant="secondary">
                                Remove<span className="sr-only"> {m.name} from the team</span>
                              </Button>
                            </Form>
                          </div>
                        ) : (
                          <span className="text-muted">{m.isSelf ? "Your own role can be changed by another administrator." : "—"}</span>
                        ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>

        <Card title="Pending invitations">
          {invites.length ? (
            <DataTable
              caption="Pending invitations"
              framed={false}
              rows={invites}
              rowKey={(i) => i.id}
              columns={[
                { header: "Email", rowHeader: true, className: "break-all", cell: (i: Invite) => i.email },
                { header: "Role", cell: (i: Invite) => i.roleLabel },
                { header: "Houses", cell: (i: Invite) => i.houses || <span className="text-muted">—</span> },
                { header: "Expires", cell: (i: Invite) => i.expires },
                ...(canManage
                  ? [
                      {
                        header: "Actions",
                        headerHidden: true,
                        cell: (i: Invite) => (
                          <Form method="post">
                            <input type="hidden" name="intent" value="revoke" />
                            <input type="hidden" name="inviteId" value={i.id} />
                            <Button type="submit" variant="secondary">
                              Revoke<span className="sr-only"> the invitation for {i.email}</span>
                            </Button>
                          </Form>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          ) : (
            <p className="text-muted">No invitations are waiting to be accepted.</p>
          )}
        </Card>

        {inviteConstraint ? (
          <InviteForm key={keyFor("invite")} options={roleOptions} houses={houseOptions} constraint={inviteConstraint} lastResult={actionData?.formId === "invite" ? actionData.result : null} />
        ) : null}
      </div>
    </>
  );
}

