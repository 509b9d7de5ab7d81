import { Form } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { Button } from "#app/ui/form";

/**
 * Inspection mode's item: the item, the operator's own answer, the verdict form (its own
 * small POST; with JavaScript sent by `fetch` so each item saves on its own and a failure
 * shows on that item only, "Not saved — retry", leaving every other input as it is), the
 * photos (downloads, never shown inline) and the photo form.
 */
export type ItemData = {
  id: string; code: string; text: string; answer: string; notes: string | null;
  verdict: string | null; verdictLabel: string | null; verdictNote: string | null; savedAt: string | null;
  photos: { id: string; href: string; label: string }[];
};
type Choice = { value: string; label: string };
type SaveState = { kind: "idle" | "saving" | "saved" | "failed"; text?: string };

const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });

function VerdictForm({ item, verdicts, action, onSaved }: { item: ItemData; verdicts: Choice[]; action: string; onSaved: (itemId: string) => void }) {
  const [state, setState] = useState<SaveState>(item.savedAt ? { kind: "saved", text: `Saved ${item.savedAt}` } : { kind: "idle" });
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setState({ kind: "saving", text: "Saving…" });
    try {
      const body = new URLSearchParams();
      for (const [k, v] of new FormData(form)) if (typeof v === "string") body.append(k, v);
      const res = await fetch(form.action, { method: "POST", body, headers: { "x-hearth-fetch": "verdict" }, credentials: "same-origin" });
      const answer = (await res.json().catch(() => null)) as { ok?: boolean; savedAt?: string; error?: string } | null;
      if (res.ok && answer?.ok && answer.savedAt) {
        setState({ kind: "saved", text: `Saved ${clock(answer.savedAt)}` });
        onSaved(item.id);
      } else setState({ kind: "failed", text: `Not saved — ${answer?.error ?? "try again."}` });
    } catch {
      setState({ kind: "failed", text: "Not saved — no connection. Retry when you are back online." });
    }
  }
  return (
    <form method="post" action={action} onSubmit={submit} aria-label={`Verdict for ${item.code}`} className="space-y-3">
      <input type="hidden" name="itemId" value={item.id} />
      <fieldset>
        <legend className="font-medium">Verdict</legend>
        <div className="mt-2 grid grid-cols-2 gap-2">
          {verdicts.map((v) => (
            <label key={v.value} className="flex min-h-12 items-center gap-2 rounded-md border border-line bg-white px-3 py-2 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50">
              <input type="radio" name="verdict" value={v.value} defaultChecked={item.verdict === v.value} required className="size-5" />
              {v.label}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label htmlFor={`note-${item.id}`} className="block font-medium">Note (optional)</label>
        <textarea id={`note-${item.id}`} name="note" rows={2} defaultValue={item.verdictNote ?? ""} maxLength={2000} className="mt-1 w-full rounded-md border border-line px-3 py-2" />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={state.kind === "saving"} className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 disabled:opacity-60">
          {state.kind === "failed" ? "Retry" : "Save verdict"}
        </button>
        <p role="status" aria-live="polite" data-testid="save-state" className={state.kind === "failed" ? "font-medium text-danger" : "text-sm text-muted"}>
          {state.text ?? ""}
        </p>
      </div>
    </form>
  );
}

function PhotoForm({ item, error }: { item: ItemData; error: string | null }) {
  const errorId = `photo-${item.id}-error`;
  return (
    <Form method="post" encType="multipart/form-data" className="space-y-2" aria-label={`Photo for ${item.code}`}>
      <input type="hidden" name="intent" value="photo" />
      <input type="hidden" name="itemId" value={item.id} />
      <div>
        <label htmlFor={`photo-${item.id}`} className="block font-medium">Photo</label>
        <input id={`photo-${item.id}`} type="file" name="photo" accept="image/png,image/jpeg,image/webp,image/heic,.heic,.heif" capture="environment" aria-describedby={error ? errorId : undefined} className="mt-1 block w-full max-w-full text-sm" />
      </div>
      <div>
        <label htmlFor={`caption-${item.id}`} className="block font-medium">Caption (optional)</label>
        <input id={`caption-${item.id}`} type="text" name="caption" maxLength={200} className="mt-1 w-full rounded-md border border-line px-3 py-2" />
      </div>
      {error ? <p id={errorId} className="text-sm font-medium text-danger">{error}</p> : null}
      <Button type="submit" variant="secondary">Upload photo</Button>
    </Form>
  );
}

export function ItemCard({ item, verdicts, verdictHref, editable, photoError, onSaved }: {
  item: ItemData; verdicts: Choice[]; verdictHref: string; editable: boolean; photoError: string | null; onSaved: (itemId: string) => void;
}) {
  return (
    <li id={`item-${item.id}`} className="space-y-3 rounded-lg border border-line bg-white p-3">
      <h3 className="font-semibold">{item.code}</h3>
      <p className="break-words">{item.text}</p>
      <p className="text-sm"><span className="font-medium">Self-assessment:</span> {item.answer}{item.notes ? ` — ${item.notes}` : ""}</p>
      {editable ? (
        <VerdictForm item={item} verdicts={verdicts} action={verdictHref} onSaved={onSaved} />
      ) : (
        <p data-testid="verdict"><span className="font-medium">Verdict:</span> {item.verdictLabel ?? "Not recorded"}{item.verdictNote ? ` — ${item.verdictNote}` : ""}</p>
      )}
      {item.photos.length ? (
        <ul aria-label={`Photos for ${item.code}`} className="list-disc pl-5 text-sm">
          {item.photos.map((p) => (
            <li key={p.id}><a href={p.href} download className="break-all">{p.label}</a></li>
          ))}
        </ul>
      ) : null}
      {editable ? <PhotoForm item={item} error={photoError} /> : null}
    </li>
  );
}
