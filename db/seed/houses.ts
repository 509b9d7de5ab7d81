import { faker } from "@faker-js/faker";
import { sql } from "kysely";
import type { DischargeReason, HousePopulation, MoudAnswer } from "#app/db/schema";
import { withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import {
  changeApplicationStatus,
  createApplication,
  submitPublicApplication,
} from "#app/domain/admissions/applications.server";
import type { ApplicationInput } from "#app/domain/admissions/schemas";
import { addScreeningNote, updateApplicationIntake } from "#app/domain/admissions/intake.server";
import { admitApplication, admitResident, dischargeStay, transferStay } from "#app/domain/admissions/stays.server";
import { createHouse, setMembershipHouses } from "#app/domain/houses/houses.server";
import { addBeds, createBed, createRoom, getHouseLayout, setBedStatus } from "#app/domain/houses/layout.server";
import { addStaffNote, createResident, linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";

/**
 * Demo houses, beds, residents, stays and applications for the demo world
 * (shared/domain.md). Runs through the domain API as each org's owner, under RLS.
 * Deterministic for a given "today" (faker is seeded; dates are days relative to the
 * org's local today, so the board always looks current): Riverside ≈86% occupied,
 * Maple Street 7 of 8 beds, a few planned move-ins, recent discharges and a waitlist.
 */

type Org = { id: string };
type SeedInput = {
  orgs: { riverside: Org; maple: Org };
  users: Record<string, { id: string }>;
  /** Override "today" (YYYY-MM-DD) for reproducible output; defaults to each org's local date. */
  today?: string;
};

const ANCHOR = new Date("2026-01-01T12:00:00Z"); // for ages: stable whatever the day
const RELATIONSHIPS = ["Mother", "Father", "Sister", "Brother", "Aunt", "Grandmother", "Friend", "Sponsor", "Partner", "Cousin"];
const DESTINATIONS: Partial<Record<DischargeReason, string[]>> = {
  completed_program: ["Own apartment", "Shared apartment with a friend", "Moved in with family"],
  independent_housing: ["Own apartment", "Section 8 apartment", "Family home"],
  left_voluntarily: ["Unknown", "Family home"],
  return_to_use: ["Detox program", "Unknown"],
  hospital_or_treatment: ["Inpatient treatment", "Hospital"],
  rule_related: ["Another recovery residence", "Family home"],
};

type Gender = "male" | "female";
type Person = { residentId: string; first: string };

class Seeder {
  private phone = 0;
  constructor(
    private readonly tx: Tx,
    readonly today: string,
    private readonly areaCode: string,
  ) {}

  day(offset: number) {
    return addDays(this.today, offset);
  }

  nextPhone() {
    this.phone++;
    return `${this.areaCode}-555-${String(100 + (this.phone % 100)).padStart(4, "0")}`;
  }

  async house(input: {
    name: string;
    addressLine1: string;
    city: string;
    region: string;
    postalCode: string;
    populations: HousePopulation[];
    narrLevel: number;
    rooms: { name: string; beds: number; labels?: "letters" | "numbers"; accessible?: boolean; childBeds?: number; sizeSqFt?: number }[];
  }) {
    const { id } = await createHouse(this.tx, {
      name: input.name,
      addressLine1: input.addressLine1,
      city: input.city,
      region: input.region,
      postalCode: input.postalCode,
      populations: input.populations,
      narrLevel: input.narrLevel,
      phone: this.nextPhone(),
    });
    for (const r of input.rooms) {
      const room = await createRoom(this.tx, { houseId: id, name: r.name, sizeSqFt: r.sizeSqFt ?? null });
      await addBeds(this.tx, { roomId: room.id, count: r.beds, labelStyle: r.labels ?? "letters", accessible: r.accessible ?? false });
      for (let i = 1; i <= (r.childBeds ?? 0); i++) {
        await createBed(this.tx, { roomId: room.id, label: `Child ${i}`, kind: "child" });
      }
    }
    const layout = await getHouseLayout(this.tx, id);
    const beds = new Map<string, string>();
    for (const room of layout.rooms) for (const bed of room.beds) beds.set(`${room.name}/${bed.label}`, bed.id);
    const bed = (key: string) => {
      const bedId = beds.get(key);
      if (!bedId) throw new Error(`demo seed: no bed ${key} in ${input.name}`);
      return bedId;
    };
    return { id, bed };
  }

  async person(gender: Gender, since: number, opts: { legalName?: string; preferredName?: string; pronouns?: string } = {}): Promise<Person> {
    const first = faker.person.firstName(gender);
    const last = faker.person.lastName();
    const legalName = opts.legalName ?? `${first} ${last}`;
    const preferred = opts.preferredName ?? first;
    const { id } = await createResident(this.tx, {
      legalName,
      preferredName: preferred,
      pronouns: opts.pronouns ?? (gender === "male" ? "he/him" : "she/her"),
      dateOfBirth: faker.date.birthdate({ mode: "age", min: 21, max: 61, refDate: ANCHOR }).toISOString().slice(0, 10),
      phone: this.nextPhone(),
      email: faker.datatype.boolean(0.6)
        ? `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "") + `${faker.number.int({ min: 1, max: 99 })}@example.com`
        : null,
      emergencyContactName: faker.person.fullName(),
      emergencyContactPhone: this.nextPhone(),
      emergencyContactRelationship: faker.helpers.arrayElement(RELATIONSHIPS),
      recoveryStartDate: faker.datatype.boolean(0.75) ? this.day(since - faker.number.int({ min: 7, max: 120 })) : null,
    });
    return { residentId: id, first: preferred };
  }

  /** A resident living in `bedId` since `since` days ago (negative) — or moving in later (positive). */
  async stay(gender: Gender, bedId: string, since: number, opts: Parameters<Seeder["person"]>[2] & { until?: number } = {}) {
    const p = await this.person(gender, since, opts);
    const { stayId } = await admitResident(this.tx, {
      residentId: p.residentId,
      bedId,
      moveInDate: this.day(since),
      expectedMoveOutDate: opts.until === undefined ? null : this.day(opts.until),
    });
    return { ...p, stayId };
  }

  /** A finished stay: in on `from`, discharged on `to` (day offsets) with a reason. */
  async pastStay(gender: Gender, bedId: string, from: number, to: number, reason: DischargeReason) {
    const s = await this.stay(gender, bedId, from, { until: to });
    await this.discharge(s.stayId, to, reason);
    return s;
  }

  async discharge(stayId: string, on: number, reason: DischargeReason) {
    const destination = DESTINATIONS[reason] ? faker.helpers.arrayElement(DESTINATIONS[reason]!) : null;
    await dischargeStay(this.tx, { stayId, date: this.day(on), reason, destination });
  }

  /** An application that reached `status`, dated `daysAgo` days before today. */
  async application(
    status: "new" | "screening" | "accepted" | "waitlisted" | "declined",
    daysAgo: number,
    input: Partial<ApplicationInput> & {
      gender: Gender;
      public?: boolean;
      declineReason?: string;
      /** Screening log entries, oldest first (written before the status changes). */
      screening?: string[];
      moud?: MoudAnswer;
    },
  ) {
    const { gender, declineReason, public: viaPublic, screening = [], moud, ...rest } = input;
    const name = `${faker.person.firstName(gender)} ${faker.person.lastName()}`;
    const base: ApplicationInput = {
      applicantName: name,
      phone: this.nextPhone(),
      email: faker.datatype.boolean(0.5) ? `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@example.com` : null,
      referralSource: "self",
      consentToContact: true,
      ...rest,
    };
    const { id } = viaPublic ? await submitPublicApplication(this.tx, base) : await createApplication(this.tx, base);
    for (const body of screening) await addScreeningNote(this.tx, { applicationId: id, body });
    if (moud) {
      await updateApplicationIntake(this.tx, {
        applicationId: id,
        referralSource: base.referralSource,
        referralDetail: base.referralDetail,
        needs: base.needs,
        recoveryDate: base.recoveryDate,
        payer: base.payer,
        sponsorName: base.sponsorName,
        sponsorPhone: base.sponsorPhone,
        probationContactName: base.probationContactName,
        probationContactPhone: base.probationContactPhone,
        moud,
      });
    }
    const path: ("screening" | "accepted" | "waitlisted" | "declined")[] =
      status === "new" ? [] : status === "screening" ? ["screening"] : ["screening", status];
    for (const s of path) {
      await changeApplicationStatus(this.tx, { applicationId: id, status: s, declineReason: s === "declined" ? declineReason : undefined });
    }
    // Backdate (the domain stamps now()): the waitlist is ordered by application date.
    await this.tx
      .updateTable("application")
      .set({
        created_at: sql`now() - make_interval(days => ${daysAgo})`,
        status_changed_at: sql`now() - make_interval(days => ${Math.max(0, daysAgo - 2)})`,
      })
      .where("id", "=", id)
      .execute();
    return id;
  }

  /** An applicant accepted and admitted into `bedId` from `moveIn` (a planned move-in when > 0). */
  async admittedApplicant(
    gender: Gender,
    bedId: string,
    moveIn: number,
    daysAgo: number,
    input: Omit<Parameters<Seeder["application"]>[2], "gender"> = {},
  ) {
    const id = await this.application("accepted", daysAgo, { gender, ...input });
    return admitApplication(this.tx, { applicationId: id, bedId, moveInDate: this.day(moveIn), resident: { pronouns: gender === "male" ? "he/him" : "she/her" } });
  }
}

async function membershipId(tx: Tx, userId: string) {
  const m = await tx.selectFrom("membership").select("id").where("user_id", "=", userId).executeTakeFirstOrThrow();
  return m.id;
}

function ownerCtx(org: Org, users: SeedInput["users"], email: string): TenantContext {
  const owner = users[email];
  if (!owner) throw new Error(`demo seed: missing user ${email}`);
  return { orgId: org.id, userId: owner.id, role: "owner" };
}

export async function seedHousesDemo({ orgs, users, today }: SeedInput) {
  faker.seed(20260101);
  const user = (email: string) => {
    const u = users[email];
    if (!u) throw new Error(`demo seed: missing user ${email}`);
    return u.id;
  };

  // ── Riverside Recovery Homes (America/New_York) ──────────────────────────
  await withTenant(ownerCtx(orgs.riverside, users, "dana.owner@demo.hearth.test"), async (tx) => {
    const s = new Seeder(tx, today ?? todayIn("America/New_York"), "215");
    const harbor = await s.house({
      name: "Harbor House",
      addressLine1: "1418 Larchmont Street",
      city: "Philadelphia",
      region: "PA",
      postalCode: "19143",
      populations: ["men"],
      narrLevel: 2,
      rooms: [1, 2, 3, 4].map((n) => ({ name: `Room ${n}`, beds: 2, sizeSqFt: 150 })),
    });
    const summit = await s.house({
      name: "Summit House",
      addressLine1: "622 Quarry Hill Road",
      city: "Philadelphia",
      region: "PA",
      postalCode: "19128",
      populations: ["men", "moud_supportive", "justice_involved"],
      narrLevel: 2,
      rooms: [
        { name: "Room 1", beds: 3, sizeSqFt: 210 },
        { name: "Room 2", beds: 3, sizeSqFt: 210 },
        { name: "Room 3", beds: 3, sizeSqFt: 200 },
        { name: "Room 4", beds: 1, accessible: true, sizeSqFt: 120 },
      ],
    });
    const willow = await s.house({
      name: "Willow House",
      addressLine1: "37 Sycamore Court",
      city: "Philadelphia",
      region: "PA",
      postalCode: "19146",
      populations: ["women", "lgbtq_affirming", "moud_supportive"],
      narrLevel: 3,
      rooms: [1, 2, 3, 4, 5, 6].map((n) => ({ name: `Room ${n}`, beds: 2, sizeSqFt: 160 })),
    });
    const juniper = await s.house({
      name: "Juniper Family House",
      addressLine1: "2905 Bramble Avenue",
      city: "Philadelphia",
      region: "PA",
      postalCode: "19134",
      populations: ["women", "families_with_children", "pregnant_postpartum"],
      narrLevel: 2,
      rooms: [1, 2, 3].map((n) => ({ name: `Family Suite ${n}`, beds: 2, childBeds: 1, sizeSqFt: 260 })),
    });

    // Who works where.
    await setMembershipHouses(tx, { membershipId: await membershipId(tx, user("luis.manager@demo.hearth.test")), houseIds: [harbor.id, summit.id] });
    await setMembershipHouses(tx, { membershipId: await membershipId(tx, user("aisha.manager@demo.hearth.test")), houseIds: [willow.id, juniper.id] });
    await setMembershipHouses(tx, {
      membershipId: await membershipId(tx, user("jordan.coach@demo.hearth.test")),
      houseIds: [harbor.id, summit.id, willow.id, juniper.id],
    });

    // Harbor House: 7 of 8, a planned move-in in 3 days; Sam is in Room 1.
    const sam = await s.stay("male", harbor.bed("Room 1/A"), -45, { legalName: "Samuel Taylor", preferredName: "Sam", pronouns: "he/him" });
    await linkResidentAccount(tx, { residentId: sam.residentId, userId: user("sam.resident@demo.hearth.test") });
    await addStaffNote(tx, "owner", { residentId: sam.residentId, body: "Working evening shifts at the warehouse; prefers morning check-ins." });
    await s.stay("male", harbor.bed("Room 1/B"), -130);
    await s.stay("male", harbor.bed("Room 2/A"), -88);
    await s.stay("male", harbor.bed("Room 2/B"), -61);
    await s.stay("male", harbor.bed("Room 3/A"), -200);
    await s.stay("male", harbor.bed("Room 4/A"), -33);
    await s.pastStay("male", harbor.bed("Room 4/B"), -150, -9, "completed_program");
    await s.admittedApplicant("male", harbor.bed("Room 4/B"), 3, 12, {
      referralSource: "treatment_program",
      referralDetail: "Intensive outpatient program",
      houseId: harbor.id,
      payer: "self",
      recoveryDate: s.day(-64),
      needs: "Continuing outpatient counselling on Tuesday and Thursday evenings.",
      screening: ["Outpatient counselor's referral received; phone screen done."],
    });
    // Room 3/B: a resident moved over to Summit 20 days ago; the bed was filled again.
    const mover = await s.stay("male", harbor.bed("Room 3/B"), -75);
    await transferStay(tx, { stayId: mover.stayId, toBedId: summit.bed("Room 4/A"), date: s.day(-20) });
    await s.stay("male", harbor.bed("Room 3/B"), -14);

    // Summit House: 8 of 9 in service (one bed out of service), one discharge scheduled.
    await setBedStatus(tx, { bedId: summit.bed("Room 2/C"), status: "out_of_service", reason: "Bed frame being replaced" });
    for (const [bed, since] of [
      ["Room 1/A", -300],
      ["Room 1/B", -41],
      ["Room 1/C", -95],
      ["Room 2/A", -16],
      ["Room 2/B", -170],
      ["Room 3/A", -57],
      ["Room 3/B", -8],
    ] as const) {
      const r = await s.stay("male", summit.bed(bed), since);
      if (bed === "Room 1/A") await s.discharge(r.stayId, 5, "completed_program");
    }
    await s.pastStay("male", summit.bed("Room 3/C"), -64, -4, "hospital_or_treatment");

    // Willow House: 10 of 12, one held, one planned move-in in 6 days.
    for (const [bed, since] of [
      ["Room 1/A", -12],
      ["Room 1/B", -140],
      ["Room 2/A", -66],
      ["Room 2/B", -23],
      ["Room 3/A", -190],
      ["Room 3/B", -48],
      ["Room 4/A", -9],
      ["Room 5/A", -101],
      ["Room 5/B", -35],
      ["Room 6/A", -77],
    ] as const) {
      await s.stay("female", willow.bed(bed), since, bed === "Room 2/B" ? { pronouns: "they/them" } : {});
    }
    await s.pastStay("female", willow.bed("Room 4/B"), -110, -12, "independent_housing");
    await setBedStatus(tx, { bedId: willow.bed("Room 4/B"), status: "held", reason: "Held for a resident returning from treatment" });
    await s.pastStay("female", willow.bed("Room 6/B"), -58, -25, "left_voluntarily");
    await s.admittedApplicant("female", willow.bed("Room 6/B"), 6, 9, {
      referralSource: "court",
      referralDetail: "County drug court",
      houseId: willow.id,
      payer: "voucher_or_grant",
      probationContactName: "Officer Renee Castillo",
      probationContactPhone: "215-555-0194",
      sponsorName: "Angela Brooks",
      sponsorPhone: "215-555-0139",
      recoveryDate: s.day(-95),
      needs: "Needs to be near the El for her job in Center City.",
      screening: ["Drug court coordinator called; strong progress report.", "Interview went well; accepted for Willow."],
      moud: "yes",
    });

    // Juniper Family House: 5 of 6 adult beds (child beds are not yet tracked per child).
    for (const [bed, since] of [
      ["Family Suite 1/A", -52],
      ["Family Suite 1/B", -19],
      ["Family Suite 2/A", -87],
      ["Family Suite 2/B", -140],
      ["Family Suite 3/A", -6],
    ] as const) {
      await s.stay("female", juniper.bed(bed), since);
    }
    await s.pastStay("female", juniper.bed("Family Suite 3/B"), -95, -30, "completed_program");

    // Applications: new (two from the public form), screening, accepted, waitlist, declined.
    await s.application("new", 1, {
      gender: "female",
      public: true,
      referralSource: "self",
      houseId: willow.id,
      needs: "Looking for an LGBTQ+ affirming home near my IOP.",
      recoveryDate: s.day(-47),
      payer: "self",
    });
    await s.application("new", 0, { gender: "male", public: true, referralSource: "family", needs: "Leaving a 28-day program next week.", payer: "family" });
    await s.application("screening", 4, {
      gender: "male",
      referralSource: "probation",
      referralDetail: "Adult probation, Unit 3",
      houseId: summit.id,
      payer: "voucher_or_grant",
      probationContactName: "Officer Denise Hall",
      probationContactPhone: "215-555-0187",
      recoveryDate: s.day(-120),
      screening: ["Phone screen done; works days at a warehouse in Port Richmond.", "Probation officer confirmed the address change is fine."],
      moud: "yes",
    });
    await s.application("screening", 3, {
      gender: "female",
      referralSource: "hospital",
      needs: "Postpartum; baby is 3 months old.",
      houseId: juniper.id,
      payer: "voucher_or_grant",
      sponsorName: "Grace Whitfield",
      sponsorPhone: "215-555-0163",
      screening: ["Referred by the hospital's peer recovery specialist; wants a family house."],
      moud: "prefer_not_to_say",
    });
    await s.application("accepted", 7, {
      gender: "female",
      referralSource: "treatment_program",
      houseId: juniper.id,
      desiredMoveIn: s.day(10),
      payer: "employer",
      recoveryDate: s.day(-200),
      sponsorName: "Lena Marsh",
      sponsorPhone: "215-555-0148",
      screening: ["Program counselor recommends a family house; references checked.", "Accepted at the house meeting."],
      moud: "no",
    });
    await s.application("waitlisted", 26, {
      gender: "male",
      referralSource: "court",
      referralDetail: "Treatment court",
      houseId: harbor.id,
      payer: "voucher_or_grant",
      probationContactName: "Case manager Luis Ortega (treatment court)",
      probationContactPhone: "215-555-0172",
      screening: ["Waiting for a first-floor bed at Harbor."],
    });
    await s.application("waitlisted", 18, { gender: "female", referralSource: "self", houseId: willow.id, payer: "self", recoveryDate: s.day(-30) });
    await s.application("waitlisted", 11, { gender: "male", referralSource: "treatment_program", payer: "family" });
    await s.application("declined", 15, {
      gender: "male",
      referralSource: "hospital",
      declineReason: "Needs medical support beyond what a level II home provides; referred to a level IV program.",
    });
  });

  // ── Maple Street House (America/Chicago, peer-run) ───────────────────────
  await withTenant(ownerCtx(orgs.maple, users, "pat.owner@demo.hearth.test"), async (tx) => {
    const s = new Seeder(tx, today ?? todayIn("America/Chicago"), "773");
    const maple = await s.house({
      name: "Maple Street House",
      addressLine1: "4417 North Maple Street",
      city: "Chicago",
      region: "IL",
      postalCode: "60625",
      populations: ["men"],
      narrLevel: 1,
      rooms: [1, 2, 3, 4].map((n) => ({ name: `Room ${n}`, beds: 2, labels: "numbers" as const, sizeSqFt: 140 })),
    });
    const ray = await s.stay("male", maple.bed("Room 1/1"), -120, { legalName: "Raymond Jimenez", preferredName: "Ray", pronouns: "he/him" });
    await linkResidentAccount(tx, { residentId: ray.residentId, userId: user("ray.resident@demo.hearth.test") });
    for (const [bed, since] of [
      ["Room 1/2", -260],
      ["Room 2/1", -45],
      ["Room 2/2", -180],
      ["Room 3/1", -16],
      ["Room 3/2", -73],
      ["Room 4/1", -390],
    ] as const) {
      await s.stay("male", maple.bed(bed), since);
    }
    await s.pastStay("male", maple.bed("Room 4/2"), -210, -18, "completed_program");
    await s.pastStay("male", maple.bed("Room 3/1"), -90, -40, "rule_related");
    await s.admittedApplicant("male", maple.bed("Room 4/2"), 2, 10, {
      referralSource: "family",
      houseId: maple.id,
      payer: "family",
      sponsorName: "Walt Kowalski",
      sponsorPhone: "773-555-0121",
      screening: ["Brother called on his behalf; spoke with him the next day."],
      moud: "prefer_not_to_say",
    });
    await s.application("new", 2, { gender: "male", public: true, referralSource: "self" });
    await s.application("waitlisted", 21, { gender: "male", referralSource: "treatment_program" });
    await s.application("waitlisted", 8, {
      gender: "male",
      referralSource: "probation",
      payer: "employer",
      probationContactName: "Officer Tom Brandt",
      probationContactPhone: "773-555-0158",
    });
  });
}
