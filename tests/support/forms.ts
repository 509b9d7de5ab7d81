/**
 * The POST submissions a page offers, read from its server-rendered HTML: one per form
 * and named submit button (an `intent` button is its own submission), with the values
 * the page filled in (hidden ids, selected options, checked boxes) and plausible values
 * for empty fields, so a replay gets past the form's schema to the rule that decides.
 *
 * React renders attributes double-quoted and escapes quotes in text, so scanning the
 * markup for tags is exact for our SSR output (as in html-structure.ts).
 */
export type Submission = { action: string; fields: [string, string][]; label: string };

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>/g;
const attr = (attrs: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`, "i").exec(attrs)?.[1];
const has = (attrs: string, name: string) => new RegExp(`\\s${name}(=|\\s|$)`, "i").test(attrs);

export function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** A value that passes the usual field schemas (app/lib/fields.ts) for an empty field. */
function plausible(type: string, name: string, today: string): string {
  if (type === "email" || /email/i.test(name)) return "probe@example.test";
  if (type === "tel" || /phone/i.test(name)) return "215-555-0100";
  if (type === "date") return today;
  if (type === "number") return ""; // optional numbers stay empty; required ones come with a default
  if (type === "password" || /password/i.test(name)) return "a probe passphrase 9281";
  return "Probe value";
}

type Control = { form: string | null; kind: "input" | "select" | "textarea" | "button"; attrs: string; options?: string[]; selected?: string | null; text?: string };

export function postSubmissions(html: string, pageUrl: string, today: string): Submission[] {
  const forms: { id: string | null; key: string; action: string; controls: Control[] }[] = [];
  const byId = new Map<string, (typeof forms)[number]>();
  const loose: Control[] = [];
  let current: (typeof forms)[number] | null = null;
  let openSelect: Control | null = null;
  let openTextarea: { control: Control; start: number } | null = null;
  for (const m of html.matchAll(TAG)) {
    const [whole, closing, rawTag, attrs = ""] = m;
    const tag = rawTag!.toLowerCase();
    if (tag === "script" || tag === "style") continue;
    if (closing) {
      if (tag === "form") current = null;
      if (tag === "select") openSelect = null;
      if (tag === "textarea" && openTextarea) {
        openTextarea.control.text = decodeEntities(html.slice(openTextarea.start, m.index));
        openTextarea = null;
      }
      continue;
    }
    if (tag === "form") {
      const method = (attr(attrs, "method") ?? "get").toLowerCase();
      const action = decodeEntities(attr(attrs, "action") ?? pageUrl);
      const form = { id: attr(attrs, "id") ?? null, key: `form${forms.length}`, action: method === "post" ? action : "", controls: [] };
      forms.push(form);
      if (form.id) byId.set(form.id, form);
      current = form;
      continue;
    }
    if (tag === "option" && openSelect) {
      const value = decodeEntities(attr(attrs, "value") ?? "");
      openSelect.options!.push(value);
      if (has(attrs, "selected")) openSelect.selected = value;
      continue;
    }
    if (tag !== "input" && tag !== "select" && tag !== "textarea" && tag !== "button") continue;
    const control: Control = { form: attr(attrs, "form") ?? null, kind: tag, attrs };
    if (tag === "select") {
      control.options = [];
      control.selected = null;
      openSelect = control;
    }
    if (tag === "textarea") openTextarea = { control, start: m.index! + whole!.length };
    if (control.form) loose.push(control);
    else if (current) current.controls.push(control);
  }
  for (const c of loose) byId.get(c.form!)?.controls.push(c);

  const submissions: Submission[] = [];
  for (const form of forms) {
    if (!form.action) continue;
    const base: [string, string][] = [];
    const buttons: [string, string][] = [];
    const radios = new Set<string>();
    for (const c of form.controls) {
      const name = attr(c.attrs, "name");
      if (!name || has(c.attrs, "disabled")) continue;
      const value = decodeEntities(attr(c.attrs, "value") ?? "");
      const type = (attr(c.attrs, "type") ?? (c.kind === "button" ? "submit" : "text")).toLowerCase();
      if (c.kind === "button" || type === "submit") {
        const method = attr(c.attrs, "formmethod")?.toLowerCase();
        if (!method || method === "post") buttons.push([name, value]);
      } else if (c.kind === "select") {
        base.push([name, c.selected || c.options!.find((o) => o !== "") || ""]);
      } else if (c.kind === "textarea") {
        base.push([name, c.text || plausible("text", name, today)]);
      } else if (type === "checkbox") {
        if (has(c.attrs, "checked")) base.push([name, value || "on"]);
      } else if (type === "radio") {
        if (has(c.attrs, "checked") || !radios.has(name)) {
          const i = base.findIndex(([n]) => n === name);
          if (i >= 0 && has(c.attrs, "checked")) base[i] = [name, value];
          else if (i < 0) base.push([name, value]);
          radios.add(name);
        }
      } else {
        base.push([name, value || (type === "hidden" ? "" : plausible(type, name, today))]);
      }
    }
    const variants = buttons.length ? buttons : [null];
    for (const b of variants) {
      const fields = b ? [...base, b] : base;
      const intent = fields.find(([n]) => n === "intent")?.[1];
      submissions.push({ action: form.action, fields, label: intent ? `intent=${intent}` : `${form.id ?? form.key}` });
    }
  }
  return submissions;
}
