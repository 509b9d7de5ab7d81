import { addDays, todayIn } from "../../app/lib/dates";
import { DEMO, expect, expectAxeClean, failedLoad, test } from "./fixtures";

// Forms checked only on the server (useServerForm, issue 15: the occupancy board, the
// team page and the later pages below ship neither zod nor conform's runtime). With JavaScript, a refused submission
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

// Issue 15's last pages: the public application, the staff application and its intake, admission
// and the free-beds lookup, the resident's record (intake, staff notes) and the stay (transfer,
// discharge). Their forms, intake included, are checked on the server only (ADR 029).

test("the public application form refuses a missing consent with the server's words and keeps the answers", async ({ page, consoleErrors }) => {
  consoleErrors.allow(failedLoad(400)); // the refused submission answers 400
  await page.goto("/apply/riverside");
  const form = page.locator("form#apply");
  await form.getByLabel("Your name").fill(`Casey ${RUN}`);
  await form.getByLabel("Phone number").fill("215-555-0177");
  await form.getByRole("radio", { name: "A treatment program" }).check();
  await form.getByLabel("Anything you'd like us to know? (optional)").fill("A ground-floor room, please.");
  await form.getByRole("button", { name: "Send my application" }).click();
  await expect(form.getByText("Tick this box so we can get in touch with you.")).toBeVisible();
  await expect(form.getByLabel(/I agree that Riverside Recovery Homes may contact me/)).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Your name")).toHaveValue(`Casey ${RUN}`);
  await expect(form.getByLabel("Phone number")).toHaveValue("215-555-0177");
  await expect(form.getByRole("radio", { name: "A treatment program" })).toBeChecked();
  await expect(form.getByLabel("Anything you'd like us to know? (optional)")).toHaveValue("A ground-floor room, please.");
  await expectAxeClean(page);

  await form.getByLabel(/I agree that Riverside Recovery Homes may contact me/).check();
  await form.getByRole("button", { name: "Send my application" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you — we've received your application");
});

test("the staff application, its intake and its decline show the server's refusals and keep the input", async ({ page, signIn, consoleErrors }) => {
  consoleErrors.allow(failedLoad(400)); // the refused submissions answer 400
  const name = `Server Forms ${RUN}`;
  await signIn(DEMO.owner);
  await page.goto("/o/riverside/applications/new");
  const form = page.locator("form#application");
  await form.getByLabel("Applicant's name").fill(name);
  await form.getByRole("radio", { name: "Self" }).check();
  await form.getByRole("group", { name: "Sponsor or recovery coach (optional)" }).getByLabel("Name").fill("Marisol Vega");
  await form.getByLabel("The applicant agreed to be contacted about this application").check();
  // Neither a phone number nor an email address: only the server's schema refuses it.
  await form.getByRole("button", { name: "Add application" }).click();
  await expect(form.getByText("Give a phone number or an email address.")).toBeVisible();
  await expect(form.getByLabel("Phone", { exact: true }).first()).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Applicant's name")).toHaveValue(name);
  await expect(form.getByRole("radio", { name: "Self" })).toBeChecked();
  await expect(form.getByRole("group", { name: "Sponsor or recovery coach (optional)" }).getByLabel("Name")).toHaveValue("Marisol Vega");
  await expect(form.getByLabel("The applicant agreed to be contacted about this application")).toBeChecked();
  await expectAxeClean(page);

  await form.getByLabel("Phone", { exact: true }).first().fill("215-555-0134");
  await form.getByRole("button", { name: "Add application" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Application from ${name}`);

  // The intake form: a phone number that is not one.
  const intake = page.locator("form#intake");
  const sponsor = intake.getByRole("group", { name: "Sponsor or recovery coach (optional)" });
  await sponsor.getByLabel("Phone").fill("call me");
  await intake.getByLabel("Population / needs (optional)").fill("Works early shifts.");
  await intake.getByRole("button", { name: "Save intake details" }).click();
  await expect(intake.getByText("Enter a phone number, e.g. 215-555-0142.")).toBeVisible();
  await expect(sponsor.getByLabel("Phone")).toHaveAttribute("aria-invalid", "true");
  await expect(sponsor.getByLabel("Phone")).toHaveValue("call me");
  await expect(sponsor.getByLabel("Name")).toHaveValue("Marisol Vega");
  await expect(intake.getByLabel("Population / needs (optional)")).toHaveValue("Works early shifts.");
  await expectAxeClean(page);

  // Declining needs a reason.
  const decline = page.locator("form#decline");
  await decline.getByRole("button", { name: "Decline application" }).click();
  await expect(decline.getByText("Give a reason for declining.")).toBeVisible();
  await expect(decline.getByLabel("Reason for declining")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/^New since /)).toBeVisible();
});

test("admission refuses a booking without a resident, keeps the bed, and the free-beds lookup works", async ({ page, signIn, consoleErrors }) => {
  consoleErrors.allow(failedLoad(400)); // the refused submission answers 400
  await signIn(DEMO.houseManager);
  await page.goto("/o/riverside/admit");
  const form = page.locator("form#admit");
  const bed = form.getByLabel("Bed", { exact: true });
  const first = (await bed.locator("option:not([value=''])").first().getAttribute("value"))!;
  await bed.selectOption(first);
  // The resident select is `required` in the HTML, but the form leaves the checking to the server.
  await form.getByRole("button", { name: /^Admit from / }).click();
  await expect(form.locator("#admit-residentId-error")).toHaveText("Choose a resident.");
  await expect(form.getByLabel("Resident")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Resident")).toHaveAttribute("aria-describedby", /admit-residentId-error/);
  await expect(bed).toHaveValue(first);
  await expect(page).toHaveURL(/\/o\/riverside\/admit$/);
  await expectAxeClean(page);

  // "Show free beds" is a GET, never held back by a check in the browser.
  const later = addDays(todayIn("America/New_York"), 3);
  await form.getByLabel("Move-in date").fill(later);
  await form.getByRole("button", { name: "Show free beds" }).click();
  await expect(page).toHaveURL(new RegExp(`moveInDate=${later}`));
  await expect(form.getByLabel("Move-in date")).toHaveValue(later);
  await expect(form.locator("#admit-residentId-error")).toHaveCount(0);
});

test("a resident's record and stay show the server's refusals for intake, notes, transfer and discharge", async ({ page, signIn, consoleErrors }) => {
  consoleErrors.allow(failedLoad(400)); // the refused submissions answer 400
  await signIn(DEMO.owner);
  await page.goto("/o/riverside/residents");
  await page.getByLabel("Search by name").fill("Samuel");
  await page.getByLabel("Show").selectOption("all");
  await page.getByRole("button", { name: "Show residents" }).click();
  await page.getByRole("link", { name: "Sam", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sam" })).toBeVisible();

  // A staff note needs words.
  const note = page.locator("form#note");
  await note.getByRole("button", { name: "Add note" }).click();
  await expect(note.getByText("Write the note first.")).toBeVisible();
  await expect(note.getByLabel("New note")).toHaveAttribute("aria-invalid", "true");

  // The intake section: a probation phone that is not one; the rest is kept.
  const intake = page.locator("form#intake");
  const probation = intake.getByRole("group", { name: "Probation, parole or court contact (optional)" });
  await probation.getByLabel("Name").fill(`Officer ${RUN}`);
  await probation.getByLabel("Phone").fill("nope");
  await intake.getByRole("button", { name: "Save intake details" }).click();
  await expect(intake.getByText("Enter a phone number, e.g. 215-555-0142.")).toBeVisible();
  await expect(probation.getByLabel("Phone")).toHaveAttribute("aria-invalid", "true");
  await expect(probation.getByLabel("Phone")).toHaveValue("nope");
  await expect(probation.getByLabel("Name")).toHaveValue(`Officer ${RUN}`);
  // The note's message is gone: another form answered since.
  await expect(note.getByText("Write the note first.")).toHaveCount(0);
  await expectAxeClean(page);

  // The stay: a discharge without a reason, a transfer without a bed.
  await page.getByRole("link", { name: "Record a discharge" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Stay" })).toBeVisible();
  const discharge = page.locator("form#discharge");
  const moveOut = addDays(todayIn("America/New_York"), 5);
  await discharge.getByLabel("Move-out date").fill(moveOut);
  await discharge.getByLabel("Destination (optional)").fill("Family home");
  await discharge.getByRole("button", { name: /^Record discharge/ }).click();
  await expect(discharge.getByText("Choose a discharge reason.")).toBeVisible();
  await expect(discharge.getByLabel("Discharge reason")).toHaveAttribute("aria-invalid", "true");
  await expect(discharge.getByLabel("Move-out date")).toHaveValue(moveOut);
  await expect(discharge.getByLabel("Destination (optional)")).toHaveValue("Family home");
  await expectAxeClean(page);

  const transfer = page.locator("form#transfer");
  await transfer.getByRole("button", { name: /^Transfer on / }).click();
  await expect(transfer.locator("#transfer-toBedId-error")).toHaveText("Choose a bed.");
  await expect(transfer.getByLabel("New bed")).toHaveAttribute("aria-invalid", "true");
  await expect(transfer.getByLabel("Transfer date")).toHaveValue(todayIn("America/New_York"));
  // Nothing was recorded: no confirmation was asked, and the discharge form is still there.
  await expect(page.getByRole("heading", { name: "Record this discharge?" })).toHaveCount(0);
  await expect(discharge.getByRole("button", { name: /^Record discharge/ })).toBeVisible();
});
