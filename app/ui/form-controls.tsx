import { getCollectionProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { controlClass, describedByFor, ErrorList, firstValue, Hint, hintIdFor } from "./form";

/**
 * Form controls beside app/ui/form.tsx (and the checkboxes in app/ui/choices.tsx):
 * textarea, radio group, grouped select, honeypot.
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
  const hintId = hintIdFor(field, hint);
  const { key, ...props } = getTextareaProps(field, { ariaDescribedBy: hintId });
  return (
    <div>
      <label htmlFor={field.id} className="mb-1 block font-medium">
        {label}
      </label>
      <Hint id={hintId}>{hint}</Hint>
      <textarea key={key} {...props} rows={rows} className={controlClass} />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
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

export type OptionGroup = { label: string; options: { value: string; label: string }[] };

/** A select whose options are grouped (<optgroup>), e.g. beds by house. */
export function GroupedSelectField({
  field,
  label,
  groups,
  placeholder,
  hint,
  defaultValue,
}: {
  field: FieldMetadata<string | undefined | null>;
  label: ReactNode;
  groups: readonly OptionGroup[];
  placeholder: string;
  hint?: ReactNode;
  /** Used when the field has no value yet (e.g. prefilled from the URL). */
  defaultValue?: string;
}) {
  const hintId = hintIdFor(field, hint);
  const describedBy = describedByFor(field, hintId);
  return (
    <div>
      <label htmlFor={field.id} className="mb-1 block font-medium">
        {label}
      </label>
      <Hint id={hintId}>{hint}</Hint>
      <select
        id={field.id}
        name={field.name}
        defaultValue={firstValue(field.initialValue, defaultValue ?? "")}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={describedBy}
        required={field.required}
        className={controlClass}
      >
        <option value="">{placeholder}</option>
        {groups.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
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
