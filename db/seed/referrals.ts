import { sql } from "kysely";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { prepareConsent, signConsent } from "#app/domain/consents/consents.server";
import { addFollowup, addHandoff, completeFollowup, createReferral, moveReferral, sendReferral } from "#app/domain/referrals/referrals.server";
import { addDays, todayIn } from "#app/lib/dates";

/**
 * Demo referrals (ADR 046), through the domain functions in each person's own context: Luis
 * (Harbor's house manager) refers Sam to directory services at every step of the flow — a
 * draft, one waiting for consent, and, under consents Sam signs on his phone, one sent, one
 * accepted, one with an appointment (a warm handoff, a follow-up due today), one attended
 * (a follow-up overdue) and one closed as engaged — and two more Harbor residents to a
 * draft and a referral closed as not eligible. Runs after the directory is seeded.
 */
type SeedInput = { orgs: { riverside: { id: string } }; users: Record<string, { id: string }> };

export async function seedReferralsDemo({ orgs, users }: SeedInput) {
  const orgId = orgs.riverside.id;
  const luis: TenantContext = { orgId, userId: users["luis.manager@demo.hearth.test"]!.id, role: "house_manager" };
  const sam: TenantContext = { orgId, userId: users["sam.resident@demo.hearth.test"]!.id, role: "resident" };
  const today = todayIn("America/New_York");
  const { residentId, legalName } = await withTenant(sam, (tx) =>
    tx.selectFrom("resident").select(["id as residentId", "legal_name as legalName"]).where("user_id", "=", sql<string>`current_app_user_id()`).executeTakeFirstOrThrow(),
  );
  const others = await withTenant(luis, (tx) =>
    tx
      .selectFrom("resident")
      .select("id")
      .where("id", "<>", residentId)
      .where(sql<boolean>`id = any ((select current_plan_resident_ids())::uuid[])`)
      .orderBy("legal_name")
      .limit(2)
      .execute(),
  );
  // Three transactions in all: Luis prepares the consents, Sam signs them, Luis does the rest.
  const CONSENTED = ["Lifelong Learning GED Program", "Community Legal Aid Clinic", "Northside Job Training Center", "Eastside Community Health Center", "Second Wind Recovery Coaching"];
  const consentIds = await withTenant(luis, async (tx) => {
    const ids: string[] = [];
    for (const name of CONSENTED) {
      const o = await tx
        .selectFrom("service as s")
        .innerJoin("service_organization as o", (j) => j.onRef("o.org_id", "=", "s.org_id").onRef("o.id", "=", "s.organization_id"))
        .select("o.name")
        .where("s.name", "=", name)
        .executeTakeFirstOrThrow();
      ids.push((await prepareConsent(tx, residentId, { recipientKind: "organisation", recipientName: o.name, purpose: "referral", information: ["referrals"], expiresOn: null, expiryEvent: "end_of_stay" })).id);
    }
    return ids;
  });
  await withTenant(sam, async (tx) => {
    for (const consentId of consentIds) await signConsent(tx, { consentId, typedName: legalName });
  });
  await withTenant(luis, async (tx) => {
    const refer = async (rid: string, name: string, reason: string, urgency: "routine" | "soon" | "urgent" = "routine") => {
      const s = await tx.selectFrom("service").select("id").where("name", "=", name).executeTakeFirstOrThrow();
      return createReferral(tx, rid, { serviceId: s.id, reason, urgency, goalId: null });
    };
    const step = (id: string, to: Parameters<typeof moveReferral>[3]) => moveReferral(tx, residentId, id, to);
    const sent = async (name: string, reason: string, urgency: "routine" | "soon" | "urgent" = "routine") => {
      const r = await refer(residentId, name, reason, urgency);
      const out = await sendReferral(tx, residentId, r.id);
      if (!out.sent) throw new Error(`demo referral to ${name} was not sent`);
      return r;
    };
    // Sam: a draft, and one waiting for his consent (refused at the gate, logged).
    await refer(residentId, "St. Brigid's Food Pantry", "Groceries while waiting for the first paycheck.");
    const waiting = await refer(residentId, "Willow Community Mental Health", "Would like a counsellor to talk to about stress at work.", "soon");
    await sendReferral(tx, residentId, waiting.id);
    // Under his signed consents: sent, accepted, appointment set, attended, closed.
    await sent(CONSENTED[0]!, "Wants to finish his GED this year.");
    const accepted = await sent(CONSENTED[1]!, "An old fine to resolve before applying for a licence.");
    await step(accepted.id, { to: "accepted" });
    const appt = await sent(CONSENTED[2]!, "Looking for steady work in a kitchen or warehouse; job training would help.", "soon");
    await step(appt.id, { to: "accepted" });
    await addHandoff(tx, residentId, appt.id, { introducedBy: "Luis Ortega", method: "call_together", contactName: "Intake coordinator", contactPhone: "215-555-1025", happenedOn: addDays(today, -2), note: "Called together from the office; they expect him." });
    await step(appt.id, { to: "appointment_set", appointmentOn: addDays(today, 3), appointmentTime: "10:00", appointmentPlace: "Front desk, second floor" });
    await addFollowup(tx, residentId, appt.id, { dueOn: today, task: "Check Sam has a bus pass for the appointment" });
    const attended = await sent(CONSENTED[3]!, "Needs a checkup and a hepatitis C test.");
    await step(attended.id, { to: "appointment_set", appointmentOn: addDays(today, -5), appointmentTime: "09:30", appointmentPlace: "Clinic B" });
    await step(attended.id, { to: "attended" });
    await addFollowup(tx, residentId, attended.id, { dueOn: addDays(today, -1), task: "Ask how the checkup went and whether results are back" });
    const closed = await sent(CONSENTED[4]!, "Would like a recovery coach for the first months back at work.");
    await addHandoff(tx, residentId, closed.id, { introducedBy: "Luis Ortega", method: "accompanied", contactName: "Coach Rena", happenedOn: addDays(today, -20) });
    await step(closed.id, { to: "appointment_set", appointmentOn: addDays(today, -14), appointmentTime: "17:00", appointmentPlace: "Peer center, main room" });
    await step(closed.id, { to: "attended" });
    const done = await addFollowup(tx, residentId, closed.id, { dueOn: addDays(today, -7), task: "Check in after the first coaching session" });
    await completeFollowup(tx, residentId, closed.id, { followupId: done.id, note: "Meeting weekly; going well." });
    await step(closed.id, { to: "closed", outcome: "engaged" });

    // Two more Harbor residents: a draft; one closed as not eligible.
    if (others[0]) await refer(others[0].id, "Benefits Access Center", "Help applying for SNAP.");
    if (others[1]) {
      const r = await refer(others[1].id, "Clearwater Residential Treatment", "Asked about more structured treatment.");
      await moveReferral(tx, others[1].id, r.id, { to: "closed", outcome: "not_eligible" });
    }
  });
}
