import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTION_LABELS, describeEvent, type AuditEventRow } from "./describe";

/**
 * Every action the app writes to the audit log reads as words in the log (issue 7, item 11):
 * a label for the filter and a sentence, never the fallback `did “x.y”`. The actions are
 * read from the source (every literal `audit(tx, "…")` / `auditAll` entry outside tests),
 * so a module that adds an action without its words fails here.
 */
const APP = path.resolve(import.meta.dirname, "../..");

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

function actionsInSource(): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles(APP)) {
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(/\baudit(?:All)?\(\s*tx,\s*"([a-z_]+\.[a-z_]+)"/g)) found.add(m[1]!);
    for (const m of text.matchAll(/\baction:\s*"([a-z_]+\.[a-z_]+)"/g)) found.add(m[1]!);
    // A certifier's reads, written by certifier_audit() in both orgs' logs (app/domain/grants).
    for (const m of text.matchAll(/\bauditRead\([\s\S]{0,400}?"([a-z_]+\.[a-z_]+)"\);/g)) found.add(m[1]!);
    // Either of two actions chosen in the call: audit(tx, ok ? "a.b" : "a.c", …).
    for (const m of text.matchAll(/\baudit\(\s*tx,\s*[^,"]+\?\s*"([a-z_]+\.[a-z_]+)"\s*:\s*"([a-z_]+\.[a-z_]+)"/g)) found.add(m[1]!).add(m[2]!);
  }
  return [...found].sort();
}

const row = (action: string): AuditEventRow => ({ action, entity_type: null, entity_id: null, data: {} });

describe("audit log words", () => {
  const actions = actionsInSource();

  it("finds the actions the app writes (the scan itself works)", () => {
    expect(actions.length).toBeGreaterThan(100);
    expect(actions).toContain("stay.discharged");
  });

  it("has a label and a sentence for every action the app writes", () => {
    const unlabelled = actions.filter((a) => !(a in ACTION_LABELS));
    const fallback = actions.filter((a) => describeEvent(row(a), new Map()).some((p) => typeof p === "string" && p.startsWith("did “")));
    expect({ unlabelled, fallback }).toEqual({ unlabelled: [], fallback: [] });
  });

  it("would catch an action without words", () => {
    expect("made.up" in ACTION_LABELS).toBe(false);
    expect(describeEvent(row("made.up"), new Map())).toEqual(["did “made.up”"]);
  });
});
