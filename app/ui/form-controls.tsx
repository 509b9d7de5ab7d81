import { getCollectionProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { controlClass, describedByFor, ErrorList, FieldFrame, Hint, hintIdFor } from "./form";

/**
 * Form controls beside app/ui/form.tsx (and the checkboxes in app/ui/choices.tsx):
 * textarea, radio group, honeypot.
 */

export function TextareaField({
  field,
  label,
  hint,
  rows = 4,
}: {
  field: FieldMetadata<string | undefined | null>;
  label: ReactNode;
  hint?: ReactNode;
  rows?: number;
}) {
  return (
    <FieldFrame field={field} label={label} hint={hint}>
      {({ hintId }) => {
        const { key, ...props } = getTextareaProps(field, { ariaDescribedBy: hintId });
        return <textarea key={key} {...props} rows={rows} className={controlClass} />;
      }}
    </FieldFrame>
  );
}

/** A radio group in a fieldset with a legend; errors are announced with the group. */
export function RadioGroupField({
  field,
  legend,
  options,
  hint,
}: {
  field: FieldMetadata<string | undefined | null>;
  legend: ReactNode;
  options: readonly { value: string; label: string }[];
  hint?: ReactNode;
}) {
  const hintId = hintIdFor(field, hint);
  const describedBy = describedByFor(field, hintId);
  const labels = new Map(options.map((o) => [o.value, o.label]));
  return (
    <fieldset aria-describedby={describedBy} aria-invalid={field.errors?.length ? true : undefined}>
      <legend className="mb-1 font-medium">{legend}</legend>
      <Hint id={hintId}>{hint}</Hint>
      <div className="grid gap-x-4 gap-y-1 sm:grid-cols-2">
        {getCollectionProps(field, { type: "radio", options: options.map((o) => o.value) }).map(({ key, ...props }) => (
          <label key={key} htmlFor={props.id} className="flex min-h-11 items-center gap-3 rounded-md px-1 hover:bg-stone-50">
            {/* the group's description is on the fieldset: not repeated on every radio */}
            <input {...props} aria-describedby={undefined} aria-invalid={undefined} className="size-5 shrink-0 accent-brand-700" />
            <span>{labels.get(props.value)}</span>
          </label>
        ))}
      </div>
      <ErrorList id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}


/**
 * A field people never see or reach (hidden with CSS, aria-hidden, out of the tab
 * order, no autofill) and naive bots fill in. The server accepts a filled one silently
 * and stores nothing.
 */
export function HoneypotField({ name }: { name: string }) {
  return (
    <div aria-hidden="true" className="absolute -left-[10000px] top-auto h-px w-px overflow-hidden">
      <label htmlFor={`hp-${name}`}>Leave this field empty</label>
      <input id={`hp-${name}`} name={name} type="text" tabIndex={-1} autoComplete="off" defaultValue="" maxLength={500} />
    </div>
  );
}
