import { getCollectionProps, getInputProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { describedByFor, ErrorList, hintIdFor } from "./form";

/**
 * Checkbox controls wired to conform: a group of options in a fieldset with a legend,
 * and a single yes/no checkbox. Labels sit beside the boxes and the whole row is the
 * touch target.
 */

export function CheckboxGroup({
  field,
  legend,
  options,
  hint,
  columns = 2,
}: {
  field: FieldMetadata<string[] | undefined | null>;
  legend: ReactNode;
  options: readonly { value: string; label: ReactNode }[];
  hint?: ReactNode;
  columns?: 1 | 2;
}) {
  const hintId = hintIdFor(field, hint);
  // Errors of the group and of single items (an unknown value), once each.
  const errors = [...new Set(Object.values(field.allErrors).flat())];
  const boxes = getCollectionProps(field, { type: "checkbox", options: options.map((o) => o.value), ariaDescribedBy: hintId });
  return (
    <fieldset aria-describedby={describedByFor({ errorId: field.errorId, errors }, hintId)}>
      <legend className="mb-1 font-medium">{legend}</legend>
      {hint ? (
        <p id={hintId} className="mb-2 text-sm text-muted">
          {hint}
        </p>
      ) : null}
      <div className={`grid gap-x-4 gap-y-1 ${columns === 2 ? "sm:grid-cols-2" : ""}`}>
        {boxes.map(({ key, ...props }, i) => (
          <label key={key} htmlFor={props.id} className="flex min-h-11 items-center gap-3 rounded-md px-1 hover:bg-stone-50">
            <input {...props} className="size-5 shrink-0 accent-brand-700" />
            <span>{options[i]!.label}</span>
          </label>
        ))}
      </div>
      <ErrorList id={field.errorId} errors={errors} />
    </fieldset>
  );
}

export function CheckboxField({ field, label, hint }: { field: FieldMetadata<boolean | undefined | null>; label: ReactNode; hint?: ReactNode }) {
  const hintId = hintIdFor(field, hint);
  const { key, ...props } = getInputProps(field, { type: "checkbox", ariaDescribedBy: hintId });
  return (
    <div>
      <label htmlFor={field.id} className="flex min-h-11 items-center gap-3">
        <input key={key} {...props} className="size-5 shrink-0 accent-brand-700" />
        <span className="font-medium">{label}</span>
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-muted">
          {hint}
        </p>
      ) : null}
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

/** Errors of a whole form (not one field), shown where the form is. */
export function FormErrors({ id, errors }: { id?: string; errors?: string[] | null }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-danger">
      {errors.join(" ")}
    </p>
  );
}
