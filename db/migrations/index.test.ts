import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrations } from "./index";

describe("migrations index", () => {
  it("lists every migration file in the folder, in order", () => {
    const files = fs
      .readdirSync(import.meta.dirname)
      .filter((f) => /^\d{4}_.+\.ts$/.test(f) && !f.endsWith(".test.ts"))
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
    for (const m of Object.values(migrations)) expect(typeof m.up).toBe("function");
  });

  it("migrations never import application code (they are frozen in time)", () => {
    for (const f of fs.readdirSync(import.meta.dirname).filter((f) => /^\d{4}_.+\.ts$/.test(f))) {
      const src = fs.readFileSync(path.join(import.meta.dirname, f), "utf8");
      expect(src, f).not.toMatch(/from ["']#app\//);
    }
  });
});
