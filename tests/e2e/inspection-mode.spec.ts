import type { Page } from "@playwright/test";
import { DEMO, expect, expectAxeClean, test } from "./fixtures";

/**
 * Inspection mode on a phone (ADR 053): Keystone's auditor schedules a visit of a Riverside
 * house, starts it, records verdicts item by item (each saved on its own), loses the
 * connection for one ("Not saved"), retries it when back online, adds a photo and completes
 * the inspection; and the same without JavaScript, one verdict by a full POST.
 */
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f50000000049454e44ae426082", "hex");
const run = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test.use({ viewport: { width: 390, height: 844 } });

const noSideScroll = async (page: Page) => expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);

/** The inspections page of the Riverside house Keystone can inspect (the demo's submitted self-assessment). */
async function inspectionsPage(page: Page): Promise<string> {
  await page.goto("/o/keystone/audits/riverside");
  const ids = [...new Set([...(await page.content()).matchAll(/\/houses\/([0-9a-f-]{36})/g)].map((m) => m[1]!))];
  for (const houseId of ids) {
    const url = `/o/keystone/audits/riverside/houses/${houseId}/inspections`;
    await page.goto(url);
    if (await page.getByRole("button", { name: "Schedule the inspection" }).count()) return url;
  }
  throw new Error("no Riverside house with a submitted self-assessment to inspect");
}

async function scheduleAndOpen(page: Page, note: string, check = false) {
  await inspectionsPage(page);
  await page.getByLabel("Inspector (optional)").last().selectOption({ index: 1 });
  await page.getByLabel("Note (optional)").last().fill(note);
  await page.getByRole("button", { name: "Schedule the inspection" }).click();
  await expect(page.getByText(/^Inspection scheduled for /)).toBeVisible();
  await noSideScroll(page);
  if (check) await expectAxeClean(page);
  const item = page.getByRole("listitem").filter({ hasText: note });
  await item.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1, name: /^Inspection: / })).toBeVisible();
}

test("an auditor walks an inspection on a phone: verdicts saved one by one, one lost offline and retried, a photo, completion", async ({ page, signIn, consoleErrors }) => {
  test.setTimeout(180_000);
  consoleErrors.allow(/ERR_INTERNET_DISCONNECTED|Failed to fetch|Failed to load resource/);
  const id = run();
  await signIn(DEMO.auditor);
  await scheduleAndOpen(page, `Visit ${id}`, true);
  await expectAxeClean(page);
  await page.getByRole("button", { name: "Start the inspection" }).click();
  await expect(page.getByTestId("inspection-status")).toHaveText("In progress");
  await expect(page.getByText("Inspection started.")).toBeVisible();

  const domain = page.locator("main details").first();
  await domain.locator("summary").click();
  const forms = domain.getByRole("form", { name: /^Verdict for / });
  const choices = ["Met", "Not met", "Partly met"];
  for (const [n, label] of choices.entries()) {
    const form = forms.nth(n);
    await form.getByLabel(label, { exact: true }).check();
    if (label === "Not met") await form.getByLabel("Note (optional)").fill(`No fire blanket ${id}`);
    await form.getByRole("button", { name: "Save verdict" }).click();
    await expect(form.getByTestId("save-state")).toContainText("Saved");
  }
  await expect(page.getByTestId("progress")).toHaveText(/^3 of \d+ recorded$/);
  await noSideScroll(page);
  await expectAxeClean(page);

  // The connection drops for the fourth item: not saved, the others untouched; back online, retry.
  const fourth = forms.nth(3);
  await fourth.getByLabel("Does not apply", { exact: true }).check();
  await fourth.getByLabel("Note (optional)").fill(`Offline note ${id}`);
  await page.context().setOffline(true);
  await fourth.getByRole("button", { name: "Save verdict" }).click();
  await expect(fourth.getByTestId("save-state")).toContainText("Not saved");
  await expect(forms.nth(1).getByTestId("save-state")).toContainText("Saved");
  await page.context().setOffline(false);
  await fourth.getByRole("button", { name: "Retry" }).click();
  await expect(fourth.getByTestId("save-state")).toContainText("Saved");
  await expect(fourth.getByLabel("Note (optional)")).toHaveValue(`Offline note ${id}`);
  await expect(page.getByTestId("progress")).toHaveText(/^4 of \d+ recorded$/);

  // A photo for the first item.
  const photo = domain.getByRole("form", { name: /^Photo for / }).first();
  await photo.getByLabel("Photo", { exact: true }).setInputFiles({ name: `kitchen-${id}.png`, mimeType: "image/png", buffer: PNG });
  await photo.getByLabel("Caption (optional)").fill(`Kitchen ${id}`);
  await photo.getByRole("button", { name: "Upload photo" }).click();
  await expect(page.getByText("Photo added.")).toBeVisible();
  await expect(page.getByRole("link", { name: `Kitchen ${id}` })).toBeVisible();
  await noSideScroll(page);

  // Complete, after the question: one not-met verdict → one finding; then read-only.
  await page.getByRole("button", { name: /Complete the inspection/ }).click();
  await expect(page.getByRole("heading", { name: "Complete this inspection?" })).toBeVisible();
  await expectAxeClean(page);
  await page.getByRole("button", { name: "Yes, complete the inspection" }).click();
  await expect(page.getByTestId("inspection-status")).toHaveText("Completed");
  await expect(page.getByText("1 finding raised")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save verdict" })).toHaveCount(0);
  await noSideScroll(page);
  await expectAxeClean(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a verdict is recorded by a full POST and the page comes back to the item", async ({ page, signIn }) => {
    test.setTimeout(120_000);
    const id = run();
    await signIn(DEMO.auditor);
    await scheduleAndOpen(page, `No-JS visit ${id}`);
    await page.getByRole("button", { name: "Start the inspection" }).click();
    await expect(page.getByTestId("inspection-status")).toHaveText("In progress");
    const domain = page.locator("main details").first();
    await domain.locator("summary").click();
    const form = domain.getByRole("form", { name: /^Verdict for / }).first();
    const code = ((await form.getAttribute("aria-label")) ?? "").replace("Verdict for ", "");
    await form.getByLabel("Partly met", { exact: true }).check();
    await form.getByLabel("Note (optional)").fill(`Posted without script ${id}`);
    await form.getByRole("button", { name: "Save verdict" }).click();
    await expect(page.getByText("Verdict saved.")).toBeVisible();
    expect(page.url()).toContain("#item-");
    const again = page.getByRole("form", { name: `Verdict for ${code}` });
    await expect(again.getByLabel("Partly met", { exact: true })).toBeChecked();
    await expect(again.getByLabel("Note (optional)")).toHaveValue(`Posted without script ${id}`);
    await expect(page.getByTestId("progress")).toHaveText(/^1 of \d+ recorded$/);
    await noSideScroll(page);
    await expectAxeClean(page, { javaScriptDisabled: true });
  });
});
