/**
 * Structural checks every HTML page must pass, run on each page a route test fetches
 * (tests/support/app.ts): ids are unique, every `form="…"` attribute names a <form>, and
 * every field a person types into (text-like inputs, textareas) has a `maxlength`, so the
 * browser stops at the length the form's schema allows instead of refusing it afterwards.
 * A control whose `form` attribute points at anything else has no form owner, so the
 * browser silently leaves it out of the submission — how "My details" once saved blanks.
 * And no page carries a NUL character (what react-dom 18.3.1's stream sent beside a
 * multi-byte character at the end of its 2,048-byte view; ADR 067) unless the request
 * sent one (a refused form keeps what was typed).
 *
 * React renders attributes double-quoted and escapes quotes in text, so a scan of the
 * markup for ` id="…"` inside tags is exact for our SSR output.
 */
const TAG = /<([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>/g;
const ATTR = (name: string) => new RegExp(`\\s(?:${name})="([^"]*)"`);
/** Input types a person types free text into. */
const TYPED = new Set(["text", "email", "tel", "search", "url", "password"]);

export function htmlStructureProblems(html: string, opts: { sentNul?: boolean } = {}): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  const formIds = new Set<string>();
  const formRefs: { tag: string; form: string }[] = [];
  for (const [, tag, attrs] of html.matchAll(TAG)) {
    const name = tag!.toLowerCase();
    if (name === "script" || name === "style") continue;
    const id = ATTR("id").exec(attrs!)?.[1];
    if (id !== undefined) {
      // The browser resolves an id to its first element, so only a first-of-its-id <form> owns controls.
      if (ids.has(id)) problems.push(`duplicate id "${id}" on <${name}> (first on <${ids.get(id)}>)`);
      else {
        ids.set(id, name);
        if (name === "form") formIds.add(id);
      }
    }
    const form = ATTR("form").exec(attrs!)?.[1];
    if (form !== undefined) formRefs.push({ tag: name, form });
    const type = (ATTR("type").exec(attrs!)?.[1] ?? "text").toLowerCase();
    if ((name === "textarea" || (name === "input" && TYPED.has(type))) && !ATTR("maxLength|maxlength").test(attrs!)) {
      const field = ATTR("name").exec(attrs!)?.[1] ?? "?";
      problems.push(`<${name}${name === "input" ? ` type="${type}"` : ""} name="${field}"> has no maxlength`);
    }
  }
  const nul = opts.sentNul ? -1 : html.indexOf("\0");
  if (nul >= 0) problems.push(`a NUL character at ${nul}: …${html.slice(Math.max(0, nul - 40), nul + 40).replaceAll("\0", "\\0")}…`);
  for (const ref of formRefs) {
    if (!formIds.has(ref.form)) {
      const what = ids.has(ref.form) ? `a <${ids.get(ref.form)}>, not a <form>` : "nothing";
      problems.push(`<${ref.tag} form="${ref.form}"> points at ${what}`);
    }
  }
  return problems;
}
