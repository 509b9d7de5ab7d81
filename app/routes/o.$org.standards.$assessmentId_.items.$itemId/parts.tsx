import { Form } from "@remix-run/react";
import type { FormActionData } from "#app/ui/forms.server";
import { FormErrors } from "#app/ui/choices";
import { Button, controlClass, ErrorList, Field, SelectField } from "#app/ui/form";
import type { FieldMetadata } from "@conform-to/react";
import { Card } from "#app/ui/page";
import { useServerForm } from "#app/ui/server-form";
import type { ItemData } from "./route";

type Props = { data: ItemData; actionData?: FormActionData };

export function UploadForm({ data, actionData }: Props) {
  const [form, fields] = useServerForm<{ label: string; file: string; sharedResidentId: string; sharedInformation: string }>({
    id: "upload",
    lastResult: actionData?.formId === "upload" ? actionData.result : null,
    constraint: data.constraints.upload,
    defaultValue: {},
  });
  const errors = fields.file.errors;
  return (
    <Card title="Upload a file">
      <Form method="post" encType="multipart/form-data" {...form.props} className="space-y-4">
        <input type="hidden" name="intent" value="upload" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field field={fields.label} label="What it is" hint="For example: House rules, signed 2026." />
        <div>
          <label htmlFor="evidence-file" className="mb-1 block font-medium">File</label>
          <p id="evidence-file-hint" className="mb-1 text-sm text-muted">{data.upload.hint}</p>
          <input id="evidence-file" type="file" name="file" accept={data.upload.accept} className={controlClass}
            aria-describedby={`evidence-file-hint${errors?.length ? " evidence-file-error" : ""}`} aria-invalid={errors?.length ? true : undefined} />
          <ErrorList id="evidence-file-error" errors={errors} />
        </div>
        <SharingFields data={data} resident={fields.sharedResidentId} information={fields.sharedInformation} />
        <Button type="submit">Upload</Button>
      </Form>
    </Card>
  );
}

export function LinkForm({ data, actionData }: Props) {
  const [form, fields] = useServerForm<{ label: string; linkPath: string; sharedResidentId: string; sharedInformation: string }>({
    id: "link",
    lastResult: actionData?.formId === "link" ? actionData.result : null,
    constraint: data.constraints.link,
    defaultValue: { linkPath: data.suggestedLink ?? "" },
  });
  return (
    <Card title="Link a record in Hearth">
      <Form method="post" {...form.props} className="space-y-4">
        <input type="hidden" name="intent" value="link" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field field={fields.label} label="What it shows" />
        <Field field={fields.linkPath} label="Address in Hearth" hint={`Starts with /o/${data.orgSlug}/, for example the house's safety log.`} />
        <SharingFields data={data} resident={fields.sharedResidentId} information={fields.sharedInformation} />
        <Button type="submit">Add link</Button>
      </Form>
    </Card>
  );
}

/** Take one piece of evidence off the item (a plain button; the page shows the outcome). */
export function RemoveEvidence({ id, label }: { id: string; label: string }) {
  return (
    <Form method="post" className="ml-2 inline">
      <input type="hidden" name="intent" value="remove" />
      <input type="hidden" name="evidenceId" value={id} />
      <button type="submit" className="min-h-11 text-sm text-brand-700 underline underline-offset-2">
        Remove<span className="sr-only"> {label}</span>
      </button>
    </Form>
  );
}

/**
 * Evidence about one resident (ADR 054): a certifier sees it only while that resident's consent
 * to the certifying body covers what it shows; otherwise a line saying it was withheld.
 */
function SharingFields({ data, resident, information }: { data: ItemData; resident: FieldMetadata<string>; information: FieldMetadata<string> }) {
  return (
    <fieldset className="space-y-3 rounded-lg border border-line p-3">
      <legend className="px-1 font-medium">About a resident?</legend>
      <p className="text-sm text-muted">
        Leave empty unless this is about one resident. If it is, a certifier sees it only while the resident&apos;s consent to
        that certifying body covers it, and each view is written to the resident&apos;s disclosure log.
      </p>
      <SelectField field={resident} label="The resident it is about" options={data.sharing.residents} placeholder="Not about one resident" />
      <SelectField field={information} label="What it shows about them" options={data.sharing.information} placeholder="Choose if about a resident…" />
    </fieldset>
  );
}
