import { DEMO, expect, expectAxeClean, failedLoad, test } from "./fixtures";

// Forms checked only on the server (useServerForm, issue 15: the occupancy board and the
// team page ship neither zod nor conform's runtime). With JavaScript, a refused submission
// shows the server's messages on its fields and keeps what was typed; an accepted one starts
// the form afresh. (Without JavaScript: team.spec.ts and the route tests.)
const RUN = Date.now().toString(36).slice(-5);

test("the invitation form shows the server's refusal on its field, keeps the input, then starts afresh after sending", async ({ page, signIn, consoleErrors }) => {
  consoleErrors.allow(failedLoad(400)); // the refused submission answers 400
  await signIn(DEMO.owner);
  await page.goto("/o/riverside/members");
  const invite = page.locator("form#invite");
  const email = invite.getByLabel("Email");
  // Accepted by the browser's own email check (the form does not use it), refused by the server's schema.
  await email.fill(`nobody.${RUN}@example`);
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByText("Enter a valid email address.")).toBeVisible();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveValue(`nobody.${RUN}@example`);
  await expectAxeClean(page);

  await email.fill(`helper.${RUN}@example.test`);
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to helper.${RUN}@example.test.`)).toBeVisible();
  await expect(email).toHaveValue("");
  await expect(invite.getByText("Enter a valid email address.")).toHaveCount(0);
});

test("the bed status form on the board refuses out of service without a reason, with the server's words", async ({ page, signIn, consoleErrors }) => {
  consoleErrors.allow(failedLoad(400)); // the refused submission answers 400
  await signIn(DEMO.owner);
  await page.goto("/o/riverside/houses");
  await page.getByRole("link", { name: "Harbor House" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Harbor House" })).toBeVisible();
  const card = page.locator("details").filter({ has: page.getByText(/^Change status/) }).first();
  await card.locator("summary").click();
  const form = card.locator("form");
  await form.getByRole("combobox", { name: /Status of bed/ }).selectOption({ label: "Out of service" });
  await form.getByLabel("Reason").fill("");
  await form.getByRole("button", { name: /Save status/ }).click();
  // The answer re-renders the board with the refused form open and its message on the reason.
  const refused = page.locator("details[open]").filter({ has: page.getByText("Give a reason when taking a bed out of service.") });
  await expect(refused).toHaveCount(1);
  await expect(refused.getByLabel("Reason")).toHaveAttribute("aria-invalid", "true");
  await expect(refused.getByRole("combobox", { name: /Status of bed/ }).locator("option:checked")).toHaveText("Out of service");
  await expectAxeClean(page);
});

test("the resident's meeting log shows the server's refusal, keeps the input, then starts afresh after logging", async ({ page, signIn, consoleErrors }) => {
  consoleErrors.allow(failedLoad(400)); // the refused submission answers 400
  const place = `Hall ${RUN}`;
  await signIn(DEMO.resident);
  await page.goto("/o/riverside/me/meetings");
  const log = page.locator("form#meeting");
  // No fellowship chosen: the page ships no zod, so only the server's schema refuses it.
  await log.getByLabel("Meeting name or place").fill(place);
  await log.getByRole("button", { name: "Log meeting" }).click();
  await expect(log.getByText("Choose a fellowship.")).toBeVisible();
  await expect(log.getByLabel("Fellowship")).toHaveAttribute("aria-invalid", "true");
  await expect(log.getByLabel("Meeting name or place")).toHaveValue(place);
  await expectAxeClean(page);

  await log.getByLabel("Fellowship").selectOption("na");
  await log.getByRole("button", { name: "Log meeting" }).click();
  await expect(page.getByText("Meeting logged.")).toBeVisible();
  await expect(page.getByText(place)).toBeVisible();
  await expect(log.getByLabel("Meeting name or place")).toHaveValue("");
  await expect(log.getByText("Choose a fellowship.")).toHaveCount(0);
});
