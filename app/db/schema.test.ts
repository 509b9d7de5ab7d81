import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "#tests/support/db";

const t = useTestDatabase();

/** Tables and their columns as declared in schema.ts (interface DB → table interfaces). */
function declaredSchema(): Record<string, string[]> {
  const file = path.join(import.meta.dirname, "schema.ts");
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const db = interfaces.get("DB");
  if (!db) throw new Error("schema.ts has no interface DB");
  const result: Record<string, string[]> = {};
  for (const member of db.members) {
    if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeReferenceNode(member.type)) continue;
    const table = (member.name as ts.Identifier).text;
    const iface = interfaces.get(member.type.typeName.getText(source));
    if (!iface) throw new Error(`schema.ts: no interface for table ${table}`);
    result[table] = iface.members.filter(ts.isPropertySignature).map((m) => (m.name as ts.Identifier).text).sort();
  }
  return result;
}

describe("schema.ts", () => {
  it("declares exactly the tables and columns the migrations create", async () => {
    const rows = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and table_name not like 'kysely_%'
      order by table_name, column_name`.execute(t.db);
    const actual: Record<string, string[]> = {};
    for (const r of rows.rows) (actual[r.table_name] ??= []).push(r.column_name);
    for (const cols of Object.values(actual)) cols.sort();
    expect(declaredSchema()).toEqual(actual);
  });
});
