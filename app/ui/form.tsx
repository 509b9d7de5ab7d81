import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type ComponentProps, type ReactNode } from "react";

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

/** The look of every text-like control (input, select, textarea). */
export const controlClass =
  "block w-full rounded-md border border-line bg-white px-3 py-2 text-base shadow-sm aria-[invalid=true]:border-danger";

/** The id of a field's hint, when it has one. */
export function hintIdFor(field: { id: string }, hint: ReactNode): string | undefined {
  return hint ? `${field.id}-hint` : undefined;
}

/** aria-describedby for controls conform does not wire itself: the hint, then the errors when invalid. */
export function describedByFor(field: { errorId: string; errors?: string[] }, hintId: string | undefined): string | undefined {
  return [hintId, field.errors?.length ? field.errorId : undefined].filter(Boolean).join(" ") || undefined;
}

/** A field's hint, announced with the control through aria-describedby. */
export function Hint({ id, children }: { id?: string; children?: ReactNode }) {
  if (!children) return null;
  return (
    <p id={id} className="mb-1 text-sm text-muted">
      {children}
    </p>
  );
}

/** Label, hint, the control and its errors: the frame every single-control field shares. */
export function FieldFrame({
  field,
  label,
  hint,
  children,
}: {
  field: { id: string; errorId: string; errors?: string[] };
  label: ReactNode;
  hint?: ReactNode;
  /** The control, given the hint's id (for conform's own wiring) and the full aria-describedby. */
  children: (ids: { hintId: string | undefined; describedBy: string | undefined }) => ReactNode;
}) {
  const hintId = hintIdFor(field, hint);
  return (
    <div>
      <label htmlFor={field.id} className="mb-1 block font-medium">
        {label}
      </label>
      <Hint id={hintId}>{hint}</Hint>
      {children({ hintId, describedBy: describedByFor(field, hintId) })}
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

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
  return (
    <FieldFrame field={field} label={label} hint={hint}>
      {({ hintId }) => {
        // conform adds the error id to aria-describedby itself when the field is invalid.
        const { key, ...props } = getInputProps(field, { type, ariaDescribedBy: hintId });
        return <input key={key} {...props} {...inputProps} className={controlClass} />;
      }}
    </FieldFrame>
  );
}

/**
 * A submitted value as one string: a field sent twice (a tampered or replayed form) comes
 * back from conform as an array, which a single-value control must not be given.
 */
export function firstValue(value: unknown, fallback = ""): string {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === "string" ? v : fallback;
}

export type OptionGroup = { label: string; options: { value: string; label: string }[] };

/**
 * A labelled select wired to a conform field: plain `options`, or `groups` of options
 * (<optgroup>, e.g. beds by house) after a `placeholder`.
 */
export function SelectField({
  field,
  label,
  options = [],
  groups,
  placeholder,
  hint,
  defaultValue = "",
}: {
  field: FieldMetadata<string | undefined | null>;
  label: ReactNode;
  options?: readonly { value: string; label: string }[];
  groups?: readonly OptionGroup[];
  placeholder?: string;
  hint?: ReactNode;
  /** Used when the field has no value yet (e.g. prefilled from the URL). */
  defaultValue?: string;
}) {
  const list = (items: readonly { value: string; label: string }[]) =>
    items.map((o) => (
      <option key={o.value} value={o.value}>
        {o.label}
      </option>
    ));
  return (
    <FieldFrame field={field} label={label} hint={hint}>
      {({ describedBy }) => (
        <select
          id={field.id}
          name={field.name}
          defaultValue={firstValue(field.initialValue, defaultValue)}
          aria-invalid={field.errors?.length ? true : undefined}
          aria-describedby={describedBy}
          required={field.required}
          className={controlClass}
        >
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {list(options)}
          {groups?.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {list(g.options)}
            </optgroup>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/**
 * A button with the app's look. A submit button shows that it is working while its own
 * submission is under way (the one that was pressed, not every button on the page), and
 * ignores further presses until the answer arrives, so a slow phone never posts twice.
 */
export function Button({ variant = "primary", className = "", ...props }: ComponentProps<"button"> & { variant?: "primary" | "secondary" | "danger" }) {
  const styles = {
    primary: "bg-brand-700 text-white hover:bg-brand-800",
    secondary: "border border-line bg-white text-ink hover:bg-stone-100",
    danger: "bg-danger text-white hover:bg-red-800",
  }[variant];
  const submits = props.type !== "button" && props.type !== "reset";
  const navigation = useNavigation();
  const state = useRef(navigation.state);
  state.current = navigation.state;
  const [pressed, setPressed] = useState(false);
  useEffect(() => {
    if (navigation.state === "idle") setPressed(false);
  }, [navigation.state]);
  useEffect(() => {
    if (!pressed) return;
    // A press that started no submission (the browser's or conform's checks stopped it) is forgotten.
    const frame = requestAnimationFrame(() => {
      if (state.current === "idle") setPressed(false);
    });
    return () => cancelAnimationFrame(frame);
  }, [pressed]);
  const pending = submits && pressed && navigation.state !== "idle";
  return (
    <button
      {...props}
      aria-busy={pending || undefined}
      onClick={(event) => {
        if (pending) event.preventDefault();
        else if (submits) setPressed(true);
        props.onClick?.(event);
      }}
      className={`inline-flex min-h-11 items-center justify-center rounded-md px-4 py-2 font-medium disabled:opacity-60 aria-busy:cursor-progress ${styles} ${className}`}
    >
      {props.children}
      {pending ? (
        <span className="ml-2 text-sm">Working…</span>
      ) : null}
    </button>
  );
}

const LINK_STYLES = {
  primary: "bg-brand-700 text-white hover:bg-brand-800",
  secondary: "border border-line bg-white text-ink hover:bg-stone-100",
};

/** A link that looks like a button (a next step that is a page, not a change). */
export function ButtonLink({ variant = "primary", className = "", ...props }: ComponentProps<typeof Link> & { variant?: "primary" | "secondary" }) {
  return (
    <Link
      {...props}
      className={`inline-flex min-h-11 items-center justify-center rounded-md px-4 py-2 font-medium no-underline ${LINK_STYLES[variant]} ${className}`}
    />
  );
}

/** A labelled plain select for list filters (a GET or search form, not a conform form). */
export function FilterSelect({
  name,
  label,
  defaultValue,
  options,
  placeholder,
}: {
  name: string;
  label: string;
  defaultValue: string;
  options: readonly { value: string; label: string }[];
  /** The "no filter" choice, with the value "". */
  placeholder?: string;
}) {
  return (
    <div>
      <label htmlFor={name} className="mb-1 block font-medium">
        {label}
      </label>
      <select id={name} name={name} defaultValue={defaultValue} className="block w-full rounded-md border border-line bg-white px-3 py-2">
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The one sign-out control: a POST (never a link a prefetch could follow). */
export function SignOutButton({ className = "text-sm font-medium text-brand-700 underline underline-offset-2" }: { className?: string }) {
  return (
    <Form method="post" action="/logout">
      <button type="submit" className={className}>
        Sign out
      </button>
    </Form>
  );
}

/** A new password, with the rule people need to see while they type it. */
export function NewPasswordField({ field, label = "Password", autoFocus }: { field: FieldMetadata<string | undefined | null>; label?: string; autoFocus?: boolean }) {
  return (
    <Field
      field={field}
      label={label}
      type="password"
      hint="At least 8 characters. A few unrelated words make a strong password."
      inputProps={{ autoComplete: "new-password", autoFocus }}
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

/**
 * The answers of a page's actions, at the top of the page: the success notice in a
 * polite live region (announced after a submit), then the error, if any.
 */
export function PageNotices({ notice, error, children }: { notice?: string | null; error?: string | null; children?: ReactNode }) {
  return (
    <>
      <div aria-live="polite" className="mb-4 empty:hidden">
        {notice ? <FormMessage kind="ok">{notice}</FormMessage> : null}
        {children}
      </div>
      {error ? (
        <div className="mb-4">
          <FormMessage>{error}</FormMessage>
        </div>
      ) : null}
    </>
  );
}
