import { addDays } from "../../app/lib/dates";
import { DEMO, expect, expectAxeClean, failedLoad, test } from "./fixtures";
import { addAndAdmit, fitsThePhone, inviteAndAccept, ORG, runId, setUpHouse, today } from "./money-setup";

// Issue 12's whole flow on a 390 px phone (ADR 041, 046, 052): Luis screens a resident's
// needs → adds a goal → refers them to a job-training service for that goal → the resident
// signs the consent on their own phone → Luis prints the referral summary, which carries the
// notice against redisclosure → a follow-up is completed → the resident sees the disclosure in
// their log. On the way the referral shows under its goal on both plan pages, and the resident
// proposes a step that Luis adds to the plan with changed words. The house and the resident are
// unique to the run (./money-setup), so the spec runs in any order beside the others.

test.use({ viewport: { width: 390, height: 844 } });

test("screen needs, a goal, a referral for it, consent on the phone, the summary with its notice, a follow-up, the disclosure log", async ({
  page,
  browser,
  baseURL,
  signIn,
  consoleErrors,
}) => {
  test.setTimeout(300_000);
  consoleErrors.allow(failedLoad(403)); // sending without consent is refused, with the reason
  const run = runId();
  const houseName = `Zephyr Services ${run}`;
  const who = { name: `Jordan Ashby ${run}`, email: `jordan.${run}@example.test` };
  const goal = `Get steady work in a kitchen ${run}`;
  const reason = `Wants a job-training course before applying for kitchen work ${run}`;
  const proposed = `Ask the pantry about volunteer shifts ${run}`;
  const agreed = `Ask the pantry about two volunteer shifts a week ${run}`;
  const task = `Ask how the first class went ${run}`;

  await signIn(DEMO.houseManager);
  await setUpHouse(page, houseName, null, 1);
  const residentId = await addAndAdmit(page, who.name, who.email, houseName, "Room 1 · Bed A");
  const residentContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  consoleErrors.watch(residentContext);
  const resident = await inviteAndAccept(page, residentContext, residentId, who);

  // 1. Needs screening: job training "yes", the rest "no"; the directory is suggested.
  await page.goto(`${ORG}/residents/${residentId}/screening`);
  await expect(page.getByRole("heading", { level: 1, name: `${who.name}: needs screening` })).toBeVisible();
  await expectAxeClean(page);
  await fitsThePhone(page);
  const groups = page.locator("fieldset");
  const count = await groups.count();
  expect(count).toBeGreaterThanOrEqual(12);
  for (let i = 0; i < count; i++) {
    const group = groups.nth(i);
    const legend = (await group.locator("legend").textContent()) ?? "";
    if (!legend.includes("?")) continue;
    await group.getByRole("radio", { name: legend.includes("help finding work or job training") ? "Yes" : "No", exact: true }).check();
  }
  await page.getByRole("button", { name: "Save the screening" }).click();
  const latest = page.locator("section").filter({ has: page.getByRole("heading", { name: /^Latest screening, / }) });
  await expect(latest).toContainText("Services that may help:");
  await page.reload();
  await expect(latest.getByRole("link")).not.toHaveCount(0);
  await expectAxeClean(page);

  // 2. A goal on the plan, read back after a reload.
  await page.goto(`${ORG}/residents/${residentId}/plan`);
  await page.getByLabel("Dimension").selectOption({ label: "Purpose" });
  await page.getByLabel("Goal", { exact: true }).fill(goal);
  await page.getByLabel("Target date (optional)").last().fill(addDays(today, 90));
  await page.getByRole("button", { name: "Add the goal" }).click();
  await expect(page.getByRole("heading", { level: 3, name: goal })).toBeVisible();
  await page.reload();
  const staffGoal = page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name: goal }) });
  await expect(staffGoal).toContainText("Working on it");
  await expect(page.getByRole("region", { name: "Purpose" })).toContainText(goal);
  await expectAxeClean(page);
  await fitsThePhone(page);

  // 3. A referral to a job-training service, for that goal.
  await page.goto(`${ORG}/residents/${residentId}/referrals/new`);
  await page.getByLabel("Name or kind of service").fill("job training");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("group", { name: "Services matching “job training”" })).toBeVisible();
  await expectAxeClean(page);
  await fitsThePhone(page);
  await page.getByRole("radio", { name: /^Northside Job Training Center — / }).first().check();
  await page.getByLabel("Why this referral").fill(reason);
  await page.getByLabel("How soon").selectOption("soon");
  await page.getByLabel("Plan goal it helps with (optional)").selectOption({ label: goal });
  await page.getByRole("button", { name: "Save the referral" }).click();
  await expect(page.getByText("Referral saved as a draft.")).toBeVisible();
  const referralUrl = new URL(page.url()).pathname;
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: `${who.name}: referral to Northside Job Training Center` })).toBeVisible();
  await expect(page.getByText(`Why: ${reason}`)).toBeVisible();
  await expect(page.getByText(`For the goal: ${goal}`)).toBeVisible();
  await expectAxeClean(page);
  await fitsThePhone(page);

  // The plan shows the referral under its goal, linked to it.
  await page.goto(`${ORG}/residents/${residentId}/plan`);
  await expect(staffGoal.getByRole("heading", { level: 4, name: "Referrals for this goal" })).toBeVisible();
  await expect(staffGoal).toContainText("Northside Job Training Center · Draft");
  await staffGoal.getByRole("link", { name: "Northside Job Training Center" }).click();
  await expect(page).toHaveURL(new RegExp(`${referralUrl}$`));

  // Sending without a consent waits on "consent needed" and links to a prefilled consent.
  await page.getByRole("button", { name: /^Send to / }).click();
  const prepareLink = page.getByRole("link", { name: /^Prepare a consent for / });
  await expect(prepareLink).toBeVisible();
  await prepareLink.click();
  const prepare = page.locator("#prepare");
  const organisation = await prepare.getByLabel("Name of the person, organisation or designation").inputValue();
  expect(organisation.length).toBeGreaterThan(0);
  await expect(prepare.getByLabel("Purpose", { exact: true })).toHaveValue("referral");
  await prepare.getByLabel("Ends on (optional if an event is chosen)").fill(addDays(today, 180));
  await prepare.getByRole("button", { name: "Prepare consent" }).click();
  await expect(page.getByText("Consent prepared.")).toBeVisible();
  await expectAxeClean(page);
  await fitsThePhone(page);

  // 4. The resident signs the consent on their phone, in their own session.
  await resident.goto(`${ORG}/me/consents`);
  await expectAxeClean(resident);
  await fitsThePhone(resident);
  await resident.getByRole("link", { name: organisation }).first().click();
  await expect(resident.getByText("You may revoke this consent at any time")).toBeVisible();
  await expectAxeClean(resident);
  await fitsThePhone(resident);
  await resident.getByLabel("Your full name").fill(who.name);
  await resident.getByRole("button", { name: "Sign consent" }).click();
  await expect(resident.getByText("Consent signed.")).toBeVisible();

  // On their plan: the goal, its referral (to their own referrals page), and a step they propose.
  await resident.goto(`${ORG}/me/plan`);
  const myGoal = resident.getByRole("listitem").filter({ has: resident.getByRole("heading", { level: 3, name: goal }) });
  await expect(myGoal).toContainText("Northside Job Training Center · Consent needed");
  await myGoal.getByText("Propose a step").click();
  await myGoal.getByLabel("Step", { exact: true }).fill(proposed);
  await myGoal.getByRole("button", { name: "Propose the step" }).click();
  await expect(resident.getByText("Step proposed. Your house team will talk it through with you.")).toBeVisible();
  await resident.reload();
  await expect(myGoal).toContainText(`Proposed, waiting for a talk with the house team: ${proposed}`);
  await expect(resident.getByText("You proposed a step").first()).toBeVisible();
  await expectAxeClean(resident);
  await fitsThePhone(resident);
  await myGoal.getByRole("link", { name: "Northside Job Training Center" }).click();
  await expect(resident.getByRole("heading", { level: 1, name: "My referrals and appointments" })).toBeVisible();
  await expect(resident.locator("li[id^='referral-']").filter({ hasText: reason })).toBeVisible();
  await expectAxeClean(resident);

  // Luis sees the proposal and adds it with the words they agreed on.
  await page.goto(`${ORG}/residents/${residentId}/plan`);
  const review = staffGoal.getByRole("group", { name: "The resident proposed a step" });
  await expect(review.getByLabel(/^Step/)).toHaveValue(proposed);
  await review.getByLabel(/^Step/).fill(agreed);
  await review.getByRole("button", { name: "Add it to the plan" }).click();
  await expect(page.getByText("Step added to the plan.")).toBeVisible();
  await page.reload();
  await expect(staffGoal).toContainText(`To do: ${agreed}`);
  await expect(staffGoal.getByRole("group", { name: "The resident proposed a step" })).toHaveCount(0);
  await expect(page.getByText("Staff added a proposed step to the plan").first()).toBeVisible();
  await expectAxeClean(page);
  await fitsThePhone(page);

  // 5. Luis sends the referral and prints the summary: the notice against redisclosure is on it.
  await page.goto(referralUrl);
  await page.getByRole("button", { name: `Send to ${organisation}` }).click();
  await expect(page.getByRole("button", { name: "The service accepted" })).toBeVisible();
  await page.getByRole("button", { name: "Print the referral summary" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Referral summary" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Notice against redisclosure" })).toBeVisible();
  await expect(page.getByTestId("redisclosure-notice")).not.toBeEmpty();
  await expect(page.getByText(`Reason: ${reason}`)).toBeVisible();
  await expect(page.getByText(`It supports their goal: ${goal}`)).toBeVisible();
  await expectAxeClean(page);
  await fitsThePhone(page);

  // 6. A follow-up, added and completed; read back after a reload.
  await page.goto(referralUrl);
  await page.getByLabel("Follow-up", { exact: true }).fill(task);
  await page.getByLabel("Due").fill(addDays(today, 7));
  await page.getByRole("button", { name: "Add the follow-up" }).click();
  const followup = page.getByRole("listitem").filter({ hasText: task });
  await expect(followup).toBeVisible();
  await followup.getByLabel(/^Note on/).fill("Went well; going again Thursday.");
  await followup.getByRole("button", { name: "Mark done" }).click();
  await expect(followup.getByRole("button", { name: "Mark done" })).toHaveCount(0);
  await page.reload();
  await expect(followup).toContainText("Went well; going again Thursday.");
  await expect(followup.getByRole("button", { name: "Mark done" })).toHaveCount(0);
  await expectAxeClean(page);
  await fitsThePhone(page);

  // 7. The resident sees every disclosure in their log: the refused send, the send, the print.
  await resident.goto(`${ORG}/me/disclosures`);
  await expect(resident.getByRole("heading", { level: 1, name: "My disclosure log" })).toBeVisible();
  await expect(resident.getByText(`Referral summary to ${organisation}`)).toHaveCount(3);
  await expect(resident.getByRole("link", { name: "The consent it was shared under" })).toHaveCount(2);
  await expectAxeClean(resident);
  await fitsThePhone(resident);
  // And the step they proposed is on their plan in the words agreed.
  await resident.goto(`${ORG}/me/plan`);
  await expect(myGoal).toContainText(`To do: ${agreed}`);
  await expect(myGoal).toContainText("Northside Job Training Center · Sent");
  await residentContext.close();
});
