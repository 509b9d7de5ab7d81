import { Form, Link } from "@remix-run/react";
import { Button } from "./form";

/** The question of a two-step action (see app/ui/confirm.server.ts). */
export type Confirm = {
  intent: string;
  title: string;
  body: string;
  yes: string;
  danger: boolean;
  /** The first step's fields, posted again with the answer. */
  fields: Record<string, string>;
};

export function ConfirmPanel({ confirm, cancelHref, cancelLabel = "Go back" }: { confirm: Confirm; cancelHref: string; cancelLabel?: string }) {
  return (
    <section aria-labelledby="confirm-title" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <div role="alert">
        <h2 id="confirm-title" className="font-semibold">
          {confirm.title}
        </h2>
        <p className="mt-1">{confirm.body}</p>
      </div>

      <Form method="post" className="mt-3 flex flex-wrap gap-3">
        <input type="hidden" name="intent" value={confirm.intent} />
        <input type="hidden" name="confirmed" value="yes" />
        {Object.entries(confirm.fields).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
        <Button type="submit" variant={confirm.danger ? "danger" : "primary"}>
          {confirm.yes}
        </Button>
        <Link
          to={cancelHref}
          className="inline-flex min-h-11 items-center justify-center rounded-md border border-line bg-white px-4 py-2 font-medium text-ink no-underline hover:bg-stone-100"
        >
          {cancelLabel}
        </Link>
      </Form>
    </section>
  );
}
