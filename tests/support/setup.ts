import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, vi } from "vitest";

process.env.LOG_LEVEL ??= "silent";
process.env.MAILBOX_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-mailbox-"));
process.env.UPLOAD_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-uploads-"));
process.env.SEED_ON_EMPTY = "0";
process.env.WORKER = "0";

// Unexpected console.error / console.warn fail the test that caused them.
let problems: string[] = [];
beforeEach(() => {
  problems = [];
  vi.spyOn(console, "error").mockImplementation((...args) => void problems.push(`console.error: ${args.map(String).join(" ")}`));
  vi.spyOn(console, "warn").mockImplementation((...args) => void problems.push(`console.warn: ${args.map(String).join(" ")}`));
});
afterEach(() => {
  vi.restoreAllMocks();
  if (problems.length) throw new Error(`Unexpected console output:\n${problems.join("\n")}`);
});
