import { getInputProps, type FieldMetadata } from "@conform-to/react";
import type { ComponentProps, ReactNode } from "react";

type InputType = Exclude<Parameters<typeof getInputProps>[1]["type"], "checkbox" | "radio">;

export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  if (!errors?.length) return null;
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-sm text-danger" role="list">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

const inputClass =
  "block w-full rounded-md border border-line bg-white px-3 py-2 text-base shadow-sm aria-[invalid=true]:border-danger";

/** A labelled input wired to a conform field: label, hint and errors are announced. */
export function Field({
  field,
  label,
  type = "text",
  hint,
  inputProps,
}: {
  field: FieldMetadata<string | number | undefined | null>;
  label: ReactNode;
  type?: InputType;
  hint?: ReactNode;
  inputProps?: ComponentProps<"input">;
}) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  // conform adds the error id to aria-describedby itself when the field is invalid.
  const { key, ...props } = getInputProps(field, { type, ariaDescribedBy: hintId });
  return (
    <div>
      <label htmlFor={field.id} className="mb-1 block font-medium">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="mb-1 text-sm text-muted">
          {hint}
        </p>
      ) : null}
      <input key={key} {...props} {...inputProps} className={inputClass} />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function SelectField({
  field,
  label,
  options,
  hint,
}: {
  field: FieldMetadata<string | undefined | null>;
  label: ReactNode;
  options: readonly { value: string; label: string }[];
  hint?: ReactNode;
}) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const describedBy = [hintId, field.errors?.length ? field.errorId : undefined].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={field.id} className="mb-1 block font-medium">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="mb-1 text-sm text-muted">
          {hint}
        </p>
      ) : null}
      <select
        id={field.id}
        name={field.name}
        defaultValue={field.initialValue ?? ""}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={describedBy}
        required={field.required}
        className={inputClass}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function Button({ variant = "primary", className = "", ...props }: ComponentProps<"button"> & { variant?: "primary" | "secondary" | "danger" }) {
  const styles = {
    primary: "bg-brand-700 text-white hover:bg-brand-800",
    secondary: "border border-line bg-white text-ink hover:bg-stone-100",
    danger: "bg-danger text-white hover:bg-red-800",
  }[variant];
  return (
    <button
      {...props}
      className={`inline-flex min-h-11 items-center justify-center rounded-md px-4 py-2 font-medium disabled:opacity-60 ${styles} ${className}`}
    />
  );
}

/** A form-level message (success or error) announced to screen readers. */
export function FormMessage({ kind = "error", children }: { kind?: "error" | "ok"; children?: ReactNode }) {
  if (!children) return null;
  return (
    <div
      role={kind === "error" ? "alert" : "status"}
      className={`rounded-md border px-3 py-2 ${kind === "error" ? "border-red-300 bg-red-50 text-danger" : "border-green-300 bg-green-50 text-ok"}`}
    >
      {children}
    </div>
  );
}
