import type { SubmissionResult } from "@conform-to/react";
import type { FormConstraint } from "#app/ui/constraint";
import { Form } from "@remix-run/react";
import type { Role } from "#app/db/schema";
import { Button, Field, FormMessage, SelectField } from "#app/ui/form";
import { CheckboxGroup, FormErrors } from "#app/ui/choices";
import { Card } from "#app/ui/page";
import { useServerForm } from "#app/ui/server-form";

type RoleOption = { value: Role; label: string };

export function InviteForm({
  options,
  houses,
  constraint,
  lastResult,
}: {
  options: RoleOption[];
  houses: { value: string; label: string }[];
  /** From the loader: the form is checked in the action (`inviteSchema`), so the page ships no zod. */
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null;
}) {
  const [form, fields] = useServerForm<{ intent: string; email: string; role: Role; houseIds: string[] }>({
    id: "invite",
    lastResult,
    constraint,
    defaultValue: { role: options.some((o) => o.value === "staff") ? "staff" : options[0]?.value },
  });
  return (
    <Card title="Invite someone">
      <p className="mb-4 text-sm text-muted">
        We'll email them a link to join. The link works once and expires in 7 days. Invitation emails never mention
        your organisation to residents.
      </p>
      {/* Top-aligned: an error message appearing or disappearing under a field must not move the button mid-click. */}
      <Form method="post" {...form.props} className="space-y-4">
        <input type="hidden" name="intent" value="invite" />
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <div className="grid gap-4 sm:grid-cols-[2fr_1fr] sm:items-start">
          <Field field={fields.email} label="Email" type="email" inputProps={{ autoComplete: "off" }} />
          <SelectField field={fields.role} label="Role" options={options} />
        </div>
        {houses.length ? (
          <CheckboxGroup
            field={fields.houseIds}
            legend="Houses (for house managers and staff)"
            hint="They work in these houses from their first sign-in. You can change this later on each house's page."
            options={houses}
          />
        ) : null}
        <Button type="submit">Send invitation</Button>
      </Form>
    </Card>
  );
}

export function RoleForm({
  member,
  options,
  lastResult,
}: {
  member: { id: string; name: string; role: Role };
  options: RoleOption[];
  lastResult: SubmissionResult<string[]> | null;
}) {
  // Checked in the action (`changeRoleSchema`): the role is one of the listed options.
  const [form, fields] = useServerForm<{ intent: string; membershipId: string; role: Role }>({
    id: `role-${member.id}`,
    lastResult,
    defaultValue: { role: member.role },
  });
  return (
    <Form method="post" {...form.props} className="space-y-1">
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="flex items-start gap-2">
        <input type="hidden" name="intent" value="change-role" />
        <input type="hidden" name="membershipId" value={member.id} />
        <SelectField field={fields.role} label={<span className="sr-only">Role for {member.name}</span>} options={options} />
        <Button type="submit" variant="secondary" className="mt-1">
          Change role<span className="sr-only"> for {member.name}</span>
        </Button>
      </div>
    </Form>
  );
}
