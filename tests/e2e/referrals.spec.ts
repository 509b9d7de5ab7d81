import { addDays } from "../../app/lib/dates";
import { DEMO, expect, expectAxeClean, failedLoad, test } from "./fixtures";
import { addAndAdmit, fitsThePhone, inviteAndAccept, ORG, runId, setUpHouse, today } from "./money-setup";

// Referrals on a 390 px phone (ADR 046): Luis refers a resident of his own house to a
// job-training service from the directory; with no consent the referral waits on "consent
// needed"; its page links to a prefilled consent, the resident signs it on their phone;
// Luis sends, prints the summary (notice against redisclosure), records an appointment,
// marks it attended and completes a follow-up; the resident sees the referral in
// me/referrals and the printed summary in me/disclosures. The house and the resident are
// unique to the run (./money-setup), so the spec runs in any order beside the others.

test.use({ viewport: { width: 390, height: 844 } });

test("refer to job training, consent on the phone, send, print, appointment, attended, follow-up; the resident sees it", async ({ page, browser, baseURL, signIn, consoleErrors }) => {
  test.setTimeout(300_000);
  consoleErrors.allow(failedLoad(403)); // sending without consent is refused, with the reason
  const run = runId();
  const houseName = `Zephyr Referrals ${run}`;
  const who = { name: `Robin Calloway ${run}`, email: `robin.${run}@example.test` };

  await signIn(DEMO.houseManager);
  await setUpHouse(page, houseName, null, 1);
  const residentId = await addAndAdmit(page, who.name, who.email, houseName, "Room 1 · Bed A");
  const residentContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  consoleErrors.watch(residentContext);
  const resident = await inviteAndAccept(page, residentContext, residentId, who);

  // Luis finds a job-training service in the directory and saves the referral.
  await page.goto(`${ORG}/residents/${residentId}/referrals/new`);
  await page.getByLabel("Name or kind of service").fill("job training");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("group", { name: "Services matching “job training”" })).toBeVisible();
  await expectAxeClean(page);
  await fitsThePhone(page);
  await page.getByRole("radio", { name: /^Northside Job Training Center — / }).first().check();
  await page.getByLabel("Why this referral").fill("Wants steady work; a job-training course would help.");
  await page.getByLabel("How soon").selectOption("soon");
  await page.getByRole("button", { name: "Save the referral" }).click();
  await expect(page.getByText("Referral saved as a draft.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: `${who.name}: referral to Northside Job Training Center` })).toBeVisible();
  await expect(page.getByText("Why: Wants steady work; a job-training course would help.")).toBeVisible();
  const referralUrl = new URL(page.url()).pathname;
  await expectAxeClean(page);
  await fitsThePhone(page);

  // Sending without a consent: the referral waits on "consent needed", with a link to a prefilled consent.
  await page.getByRole("button", { name: /^Send to / }).click();
  const prepareLink = page.getByRole("link", { name: /^Prepare a consent for / });
  await expect(prepareLink).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("referral to Northside Job Training Center");
  await expect(page.locator("main")).toContainText(/consent needed/i);
  await expectAxeClean(page);
  await prepareLink.click();
  const prepare = page.locator("#prepare");
  const organisation = await prepare.getByLabel("Name of the person, organisation or designation").inputValue();
  expect(organisation.length).toBeGreaterThan(0);
  await expect(prepare.getByLabel("Who may receive the information")).toHaveValue("organisation");
  await expect(prepare.getByLabel("Purpose", { exact: true })).toHaveValue("referral");
  await expect(prepare.getByLabel("My referrals and appointments")).toBeChecked();
  await prepare.getByLabel("Ends on (optional if an event is chosen)").fill(addDays(today, 180));
  await prepare.getByRole("button", { name: "Prepare consent" }).click();
  await expect(page.getByText("Consent prepared.")).toBeVisible();
  await expectAxeClean(page);

  // The resident signs on their phone.
  await resident.goto(`${ORG}/me/consents`);
  await resident.getByRole("link", { name: organisation }).first().click();
  await expect(resident.getByText("You may revoke this consent at any time")).toBeVisible();
  await expectAxeClean(resident);
  await fitsThePhone(resident);
  await resident.getByLabel("Your full name").fill(who.name.toLowerCase());
  await resident.getByRole("button", { name: "Sign consent" }).click();
  await expect(resident.getByText("Consent signed.")).toBeVisible();

  // Luis sends it now, then prints the summary: the notice against redisclosure is on it.
  await page.goto(referralUrl);
  await page.getByRole("button", { name: `Send to ${organisation}` }).click();
  await expect(page.getByRole("button", { name: "The service accepted" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Prepare a consent for / })).toHaveCount(0);
  await page.getByRole("button", { name: "Print the referral summary" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Referral summary" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Notice against redisclosure" })).toBeVisible();
  await expect(page.getByTestId("redisclosure-notice")).not.toBeEmpty();
  await expectAxeClean(page);
  await fitsThePhone(page);

  // An appointment, attended; a follow-up added and completed.
  await page.goto(referralUrl);
  const appointmentOn = addDays(today, 3);
  await page.getByLabel("Appointment day").fill(appointmentOn);
  await page.getByLabel("Time").fill("10:30");
  await page.getByLabel("Place").fill("Room 4, 200 Spring Garden St");
  await page.getByRole("button", { name: "Save the appointment" }).click();
  await expect(page.getByText(/^Appointment: .*Room 4, 200 Spring Garden St/)).toBeVisible();
  await expectAxeClean(page);
  await page.getByRole("button", { name: "The resident attended" }).click();
  await expect(page.getByRole("button", { name: "The resident attended" })).toHaveCount(0);
  await page.getByLabel("Follow-up", { exact: true }).fill(`Ask how the first class went ${run}`);
  await page.getByLabel("Due").fill(addDays(today, 7));
  await page.getByRole("button", { name: "Add the follow-up" }).click();
  const followup = page.getByRole("listitem").filter({ hasText: `Ask how the first class went ${run}` });
  await expect(followup).toBeVisible();
  await followup.getByLabel(/^Note on/).fill("Went well; going again Thursday.");
  await followup.getByRole("button", { name: "Mark done" }).click();
  await expect(followup.getByRole("button", { name: "Mark done" })).toHaveCount(0);
  await expect(followup).toContainText("Went well; going again Thursday.");
  await page.reload();
  await expect(page.locator("main")).toContainText(/attended/i);
  await expectAxeClean(page);
  await fitsThePhone(page);

  // The resident sees the referral and the disclosure.
  await resident.goto(`${ORG}/me/referrals`);
  await expect(resident.getByRole("heading", { level: 1, name: "My referrals and appointments" })).toBeVisible();
  await expect(resident.getByRole("main")).toContainText("Northside Job Training Center");
  await expectAxeClean(resident);
  await fitsThePhone(resident);
  await resident.goto(`${ORG}/me/disclosures`);
  // The refused send, the send and the printed summary: each one is in the log.
  await expect(resident.getByText(`Referral summary to ${organisation}`)).toHaveCount(3);
  await expectAxeClean(resident);
  await fitsThePhone(resident);
  await residentContext.close();
});
