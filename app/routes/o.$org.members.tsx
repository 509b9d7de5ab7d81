import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { formConstraint } from "#app/ui/constraint";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrg, type OrgContext } from "#app/auth/guard.server";
import { assignableRoles, can, ROLE_LABELS } from "#app/domain/permissions";
import type { Role } from "#app/db/schema";
import { withTenant } from "#app/db/tenant.server";
import {
  canActOn,
  changeMemberRole,
  createInvite,
  listTeam,
  MemberActionError,
  removeMember,
  revokeInvite,
  setMemberDisabled,
  type Actor,
} from "#app/domain/members/members.server";
import { formatDateTime } from "#app/lib/dates";
import { Button, Field, FormMessage, SelectField } from "#app/ui/form";
import { DataTable } from "#app/ui/data-table";
import { Card, PageHeader } from "#app/ui/page";
import { EmailLink } from "#app/ui/contact-links";

export const meta: MetaFunction = () => [{ title: "Team · Hearth" }];

const ROLE_VALUES = Object.keys(ROLE_LABELS) as [Role, ...Role[]];
const roleField = z.enum(ROLE_VALUES, { error: "Choose a role." });

function inviteSchema(assignable: readonly Role[]) {
  return z
    .object({
      intent: z.literal("invite"),
      email: z.string({ error: "Enter an email address." }).trim().max(254, "Use at most 254 characters.").email("Enter a valid email address."),
      role: roleField.refine((r) => assignable.includes(r), "Choose a role you can assign."),
    })
    .strict();
}
const changeRoleSchema = z.object({ intent: z.literal("change-role"), membershipId: z.uuid(), role: roleField }).strict();
const removeSchema = z.object({ intent: z.literal("remove"), membershipId: z.uuid() }).strict();
const revokeSchema = z.object({ intent: z.literal("revoke"), inviteId: z.uuid() }).strict();
const accessSchema = z.object({ intent: z.enum(["disable", "enable"]), membershipId: z.uuid() }).strict();

/** Roles handed out from this page: residents are invited from their resident record. */
function teamRoles(ctx: OrgContext): Role[] {
  return assignableRoles(ctx.role, ctx.org.kind).filter((r) => r !== "resident");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "members:read");
  const team = await withTenant(ctx.tenant, (tx) => listTeam(tx, ctx.org.id));
  const canManage = can(ctx.role, "members:manage");
  return {
    orgName: ctx.org.name,
    canManage,
    roleOptions: teamRoles(ctx).map((r) => ({ value: r, label: ROLE_LABELS[r] })),
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
      expires: formatDateTime(i.expiresAt, ctx.org.timeZone),
    })),
  };
}

type ActionResult = { formId: string; result: SubmissionResult<string[]> | null; notice: string | null; error: string | null };
function respond(body: Partial<ActionResult> & { formId: string }, status = 200) {
  return data<ActionResult>({ result: null, notice: null, error: null, ...body }, { status });
}

function actorOf(ctx: OrgContext): Actor {
  return {
    userId: ctx.user.id,
    userName: ctx.user.name,
    membershipId: ctx.membershipId,
    role: ctx.role,
    org: { id: ctx.org.id, name: ctx.org.name, kind: ctx.org.kind },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "members:manage");
  const actor = actorOf(ctx);
  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "invite") {
    const submission = parseWithZod(formData, { schema: inviteSchema(teamRoles(ctx)) });
    if (submission.status !== "success") return respond({ formId: "invite", result: submission.reply() }, 400);
    try {
      const invite = await withTenant(ctx.tenant, (tx) => createInvite(tx, actor, submission.value));
      return respond({ formId: "invite", result: submission.reply({ resetForm: true }), notice: `Invitation sent to ${invite.email}.` });
    } catch (error) {
      if (!(error instanceof MemberActionError)) throw error;
      const result = error.field ? submission.reply({ fieldErrors: { [error.field]: [error.message] } }) : submission.reply({ formErrors: [error.message] });
      return respond({ formId: "invite", result }, error.status);
    }
  }

  if (intent === "change-role") {
    const submission = parseWithZod(formData, { schema: changeRoleSchema });
    const formId = `role-${String(formData.get("membershipId")).slice(0, 40)}`;
    if (submission.status !== "success") return respond({ formId, result: submission.reply(), error: "Choose a valid role." }, 400);
    try {
      const { changed, name } = await withTenant(ctx.tenant, (tx) => changeMemberRole(tx, actor, submission.value));
      const notice = changed ? `${name} is now ${ROLE_LABELS[submission.value.role]}.` : `${name} already has that role.`;
      return respond({ formId, result: submission.reply(), notice });
    } catch (error) {
      if (!(error instanceof MemberActionError)) throw error;
      return respond({ formId, result: submission.reply({ fieldErrors: { role: [error.message] } }), error: error.message }, error.status);
    }
  }

  if (intent === "remove") {
    const submission = parseWithZod(formData, { schema: removeSchema });
    if (submission.status !== "success") return respond({ formId: "remove", error: "That member could not be found." }, 400);
    try {
      const { name } = await withTenant(ctx.tenant, (tx) => removeMember(tx, actor, submission.value.membershipId));
      return respond({ formId: "remove", notice: `${name} no longer has access.` });
    } catch (error) {
      if (!(error instanceof MemberActionError)) throw error;
      return respond({ formId: "remove", error: error.message }, error.status);
    }
  }

  if (intent === "disable" || intent === "enable") {
    const submission = parseWithZod(formData, { schema: accessSchema });
    if (submission.status !== "success") return respond({ formId: "access", error: "That member could not be found." }, 400);
    const disabled = submission.value.intent === "disable";
    try {
      const { name } = await withTenant(ctx.tenant, (tx) =>
        setMemberDisabled(tx, actor, { membershipId: submission.value.membershipId, disabled }),
      );
      return respond({ formId: "access", notice: disabled ? `${name} can no longer sign in to ${ctx.org.name}.` : `${name} has access again.` });
    } catch (error) {
      if (!(error instanceof MemberActionError)) throw error;
      return respond({ formId: "access", error: error.message }, error.status);
    }
  }

  if (intent === "revoke") {
    const submission = parseWithZod(formData, { schema: revokeSchema });
    if (submission.status !== "success") return respond({ formId: "revoke", error: "That invitation could not be found." }, 400);
    try {
      const { email } = await withTenant(ctx.tenant, (tx) => revokeInvite(tx, actor, submission.value.inviteId));
      return respond({ formId: "revoke", notice: `The invitation to ${email} was revoked.` });
    } catch (error) {
      if (!(error instanceof MemberActionError)) throw error;
      return respond({ formId: "revoke", error: error.message }, error.status);
    }
  }

  return respond({ formId: "none", error: "That action isn't available here." }, 400);
}

export default function TeamPage() {
  const { orgName, canManage, roleOptions, members, invites } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title="Team" description={`The people who can sign in to ${orgName}, and their roles.`} />
      <div className="space-y-6">
        <div aria-live="polite">
          {actionData?.notice ? <FormMessage kind="ok">{actionData.notice}</FormMessage> : null}
        </div>
        {actionData?.error ? <FormMessage>{actionData.error}</FormMessage> : null}

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
                            <RoleForm member={m} options={roleOptions} lastResult={actionData?.formId === `role-${m.id}` ? actionData.result : null} />
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

        {canManage ? (
          <InviteForm options={roleOptions} lastResult={actionData?.formId === "invite" ? actionData.result : null} />
        ) : null}
      </div>
    </>
  );
}

type RoleOption = { value: Role; label: string };
type Member = SerializeFrom<typeof loader>["members"][number];
type Invite = SerializeFrom<typeof loader>["invites"][number];

function InviteForm({ options, lastResult }: { options: RoleOption[]; lastResult: SubmissionResult<string[]> | null }) {
  const schema = inviteSchema(options.map((o) => o.value));
  const [form, fields] = useForm({
    id: "invite",
    lastResult,
    constraint: formConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { role: options.some((o) => o.value === "staff") ? "staff" : options[0]?.value },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <Card title="Invite someone">
      <p className="mb-4 text-sm text-muted">
        We'll email them a link to join. The link works once and expires in 7 days. Invitation emails never mention
        your organisation to residents.
      </p>
      {/* Top-aligned: an error message appearing or disappearing under a field must not move the button mid-click. */}
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="invite" />
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <div className="grid gap-4 sm:grid-cols-[2fr_1fr_auto] sm:items-start">
          <Field field={fields.email} label="Email" type="email" inputProps={{ autoComplete: "off" }} />
          <SelectField field={fields.role} label="Role" options={options} />
          <div className="sm:pt-7">
            <Button type="submit">Send invitation</Button>
          </div>
        </div>
      </Form>
    </Card>
  );
}

function RoleForm({
  member,
  options,
  lastResult,
}: {
  member: { id: string; name: string; role: Role };
  options: RoleOption[];
  lastResult: SubmissionResult<string[]> | null;
}) {
  const [form, fields] = useForm({
    id: `role-${member.id}`,
    lastResult,
    defaultValue: { role: member.role },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changeRoleSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="flex items-start gap-2">
      <input type="hidden" name="intent" value="change-role" />
      <input type="hidden" name="membershipId" value={member.id} />
      <SelectField field={fields.role} label={<span className="sr-only">Role for {member.name}</span>} options={options} />
      <Button type="submit" variant="secondary" className="mt-1">
        Change role<span className="sr-only"> for {member.name}</span>
      </Button>
    </Form>
  );
}
