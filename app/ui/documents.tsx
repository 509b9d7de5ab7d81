import type { SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { FormErrors } from "./choices";
import type { FormConstraint } from "./constraint";
import { Button } from "./form";
import { TextareaField } from "./form-controls";
import type { FormActionData } from "./forms.server";
import { Pager } from "./pager";
import { useServerForm } from "./server-form";

/** House documents on screen: the rendered text, and the editor staff write and publish with. */

export const editorFormId = (kind: string) => `document-${kind}`;
export const discardFormId = (kind: string) => `discard-${kind}`;

/** Markdown rendered and sanitised on the server (app/domain/documents/render.server.ts). */
export function DocumentText({ html, id }: { html: string; id?: string }) {
  return <div id={id} className="document-text" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** The first characters of a content hash, for people to compare; the whole hash is in the signed copy. */
export const shortHash = (hash: string) => `${hash.slice(0, 12)}…`;

type EditorKind = {
  kind: string;
  label: string;
  current: { id: string; version: number; publishedAt: string; hash: string; html: string } | null;
  draft: { id: string; updatedAt: string } | null;
  body: string;
  history: { id: string; version: number; publishedAt: string }[];
  historyNext: string | null;
  paged: boolean;
};

type ActionData = FormActionData | undefined;

/**
 * One kind of document: what is published now, the editor (save a draft, or publish what
 * is written as the next version), the draft's discard button and the older versions.
 * `inherited` says what applies when this scope has no version of its own.
 */
export function DocumentEditor({
  doc,
  actionData,
  versionHref,
  inherited,
  constraint,
}: {
  doc: EditorKind;
  /** The editor's HTML constraints, from the loader: checked in the action only (ADR 029). */
  constraint: FormConstraint;
  actionData: ActionData;
  versionHref: (id: string) => string;
  inherited?: string | null;
}) {
  const formId = editorFormId(doc.kind);
  const [form, fields] = useServerForm<{ kind: string; body: string }>({
    id: formId,
    lastResult: actionData?.formId === formId ? (actionData.result as SubmissionResult<string[]> | null) : null,
    constraint,
    defaultValue: { kind: doc.kind, body: doc.body },
  });
  const headingId = `${formId}-title`;
  const next = (doc.current?.version ?? 0) + 1;
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-line bg-white p-4">
      <h2 id={headingId} className="text-lg font-semibold">
        {doc.label}
      </h2>
      {doc.current ? (
        <p className="text-sm text-muted">
          {`Version ${doc.current.version}, published ${doc.current.publishedAt}`} ·{" "}
          <Link to={versionHref(doc.current.id)}>
            {`Read version ${doc.current.version}`}
            <span className="sr-only"> of the {doc.label.toLowerCase()}</span>
          </Link>
        </p>
      ) : (
        <p className="text-sm text-muted">{inherited ?? "Not published yet: residents are not asked to sign it."}</p>
      )}
      {doc.draft ? <p className="mt-1 text-sm font-medium">{`Unpublished draft, saved ${doc.draft.updatedAt}.`}</p> : null}

      <Form method="post" {...form.props} className="mt-3 space-y-3">
        <input type="hidden" name="kind" value={doc.kind} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextareaField
          field={fields.body}
          label={`Text of the ${doc.label.toLowerCase()}`}
          hint="Markdown: # for a heading, - for a list, **bold**, [a link](https://…). HTML is shown as plain text."
          rows={10}
        />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" name="intent" value="publish">
            {`Publish as version ${next}`}
          </Button>
          <Button type="submit" name="intent" value="save-draft" variant="secondary">
            Save draft
          </Button>
        </div>
        <p className="text-sm text-muted">Publishing asks every resident it applies to to read and sign it. Published versions can't be changed.</p>
      </Form>

      {doc.draft ? (
        <Form method="post" className="mt-3">
          {actionData?.formId === `discard-${doc.kind}` && actionData.error ? <FormErrors errors={[actionData.error]} /> : null}
          <input type="hidden" name="intent" value="discard-draft" />
          <input type="hidden" name="kind" value={doc.kind} />
          <input type="hidden" name="draftId" value={doc.draft.id} />
          <Button type="submit" variant="secondary">
            Discard draft<span className="sr-only"> of the {doc.label.toLowerCase()}</span>
          </Button>
        </Form>
      ) : null}

      {doc.history.length ? (
        <details className="mt-3 rounded-md border border-line px-3" open={doc.paged}>
          <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">
            Earlier versions<span className="sr-only"> of the {doc.label.toLowerCase()}</span>
          </summary>
          <ul className="space-y-1 pb-3">
            {doc.history.map((h) => (
              <li key={h.id}>
                <Link to={versionHref(h.id)}>Version {h.version}</Link>, published {h.publishedAt}
              </li>
            ))}
          </ul>
          <div className="pb-3">
            <Pager
              next={doc.historyNext}
              nextLabel={`Older versions of the ${doc.label.toLowerCase()}`}
              nextQuery={{ history: doc.kind }}
              firstPage={!doc.paged}
              startQuery={{}}
              startLabel={`Newest versions of the ${doc.label.toLowerCase()}`}
            />
          </div>
        </details>
      ) : null}
    </section>
  );
}
