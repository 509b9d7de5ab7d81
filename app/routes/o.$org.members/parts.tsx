import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { formConstraint } from "#app/ui/constraint";
import { Form } from "@remix-run/react";
import type { Role } from "#app/db/schema";
import { Button, Field, FormMessage, SelectField } from "#app/ui/form";
import { CheckboxGroup, FormErrors } from "#app/ui/choices";
import { Card } from "#app/ui/page";
import { parseForm } from "#app/ui/parse-form";
import { changeRoleSchema, inviteSchema } from "./forms";

type RoleOption = { value: Role; label: string };

export function InviteForm({
  options,
  houses,
  lastResult,
}: {
  options: RoleOption[];
  houses: { value: string; label: string }[];
  lastResult: SubmissionResult<string[]> | null;
}) {
  const schema = inviteSchema(options.map((o) => o.value));
  const [form, fields] = useForm({
    id: "invite",
    lastResult,
    constraint: formConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { role: options.some((o) => o.value === "staff") ? "staff" : options[0]?.value },
    onValidate: ({ formData }) => parseForm(formData, schema),
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
  const [form, fields] = useForm({
    id: `role-${member.id}`,
    lastResult,
    defaultValue: { role: member.role },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseForm(formData, changeRoleSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-1">
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
