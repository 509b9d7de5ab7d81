import { describe, expect, it } from "vitest";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { visibleText } from "./helpers";

useTestDatabase();
const server = useTestServer();

describe("the front page", () => {
  it("promises only what Hearth does today", async () => {
    const res = await server.request("/");
    expect(res.status).toBe(200);
    const text = visibleText(await res.text()).toLowerCase();
    for (const exists of ["houses", "beds", "applications", "admissions", "audit log", "contact"]) expect(text, exists).toContain(exists);
    // Not built yet: no fees or dues, house rules, plans, services, inspections or self-assessments.
    for (const missing of ["dues", "fees", "what you owe", "house rules", "your plan", "inspections", "self-assessment", "standards checklist", "findings"]) {
      expect(text, missing).not.toContain(missing);
    }
  });
});
