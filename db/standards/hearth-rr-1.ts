/**
 * The built-in recovery-residence standard (ADR 047): aligned with the structure of the
 * national alliance's Standard 3.0 — 4 domains, 10 principles (A–J), 31 standards, items
 * a, b, c… — written in Hearth's own words from the topics in the shared checklist. It is
 * data: migration 0040 loads it into the platform's standards org as a published version.
 *
 * Levels are a four-letter string for levels I–IV: R required, r recommended, - not applicable.
 * `auto` names an automatic check the app can compute from operations (app/domain/standards/evidence.server.ts).
 */
export type ItemData = { letter: string; text: string; guidance: string; evidence: string; levels: string; auto?: string };
export type SectionData = { number: number; title: string; items: ItemData[] };
export type PrincipleData = { code: string; title: string; sections: SectionData[] };
export type DomainData = { code: string; title: string; principles: PrincipleData[] };

const i = (letter: string, levels: string, text: string, guidance: string, evidence: string, auto?: string): ItemData => ({ letter, levels, text, guidance, evidence, ...(auto ? { auto } : {}) });

export const BUILT_IN_STANDARD = {
  name: "Hearth recovery residence standard",
  version: "1.0",
  publisher: "Hearth (aligned with the NARR Standard 3.0 structure)",
  domains: [
    {
      code: "1", title: "Administrative operations",
      principles: [
        { code: "A", title: "Operate with integrity", sections: [
          { number: 1, title: "Mission and vision", items: [
            i("a", "RRRR", "The home has a written mission that says who it serves.", "One or two sentences a resident can understand; reviewed yearly.", "Policy document (upload)."),
            i("b", "RRRR", "The home's vision supports recovery and matches this standard.", "Say how the home's way of working reflects the social model of recovery.", "Policy document (upload)."),
          ] },
          { number: 2, title: "Legal standing and insurance", items: [
            i("a", "RRRR", "The operator is a legal business entity in good standing.", "Incorporation or registration papers, renewed as the state requires.", "Business registration with its expiry date (compliance log)."),
            i("b", "RRRR", "Current general liability insurance covers the home.", "Keep the certificate current; renewals are reminded before expiry.", "Insurance certificate with its expiry date (compliance log)."),
            i("c", "RRRR", "Where the operator does not own the property, the owner has given written permission to run a recovery residence.", "A signed letter or lease clause naming the use.", "Landlord permission document (compliance log)."),
          ] },
          { number: 3, title: "Fair and honest dealing", items: [
            i("a", "RRRR", "The operator attests that it does not discriminate in admissions or services.", "Cover the protected classes of federal, state and local law.", "Signed attestation (upload)."),
            i("b", "RRRR", "Marketing is honest: no invented outcomes, hidden prices or made-up testimonials.", "Review the website and printed materials at least yearly.", "Marketing materials (upload or link)."),
          ] },
          { number: 4, title: "Conduct of staff and volunteers", items: [
            i("a", "rRRR", "People with resident contact pass a due-diligence or background procedure suited to the role.", "Describe what is checked and how findings are weighed fairly.", "Procedure document (upload)."),
            i("b", "RRRR", "A written policy governs paying residents who work for the operator.", "Fair pay, no pressure, and no link between work and housing.", "Policy document (upload)."),
            i("c", "RRRR", "Staff and volunteers never lend, borrow, trade or sell with residents.", "State it in the code of ethics and in orientation for staff.", "Code of ethics (upload)."),
            i("d", "RRRR", "Every staff member and volunteer has signed the code of ethics.", "Re-sign at each renewal.", "Signed code of ethics (upload)."),
          ] },
          { number: 5, title: "Money handled openly", items: [
            i("a", "RRRR", "All fees are disclosed in writing and signed by the resident before any money is taken.", "The fee agreement is acknowledged before the first charge.", "Fee agreement acknowledgements (automatic).", "fee_agreement_before_charge"),
            i("b", "RRRR", "The refund policy is disclosed before a resident is accepted.", "Include deposits and partial months.", "Refund policy (upload)."),
            i("c", "RRRR", "A written policy covers payments by third parties.", "Families, agencies and vouchers: who may pay and how it is recorded.", "Policy document (upload)."),
            i("d", "RRRR", "Each resident has an accurate ledger and can get a statement on request.", "Charges, payments and credits per resident, with statements.", "Resident ledgers (automatic).", "ledger_per_resident"),
          ] },
          { number: 6, title: "Learning from data", items: [
            i("a", "RRRR", "The home collects resident data to improve quality, such as entry and exit dates and outcomes.", "Only what is needed; reported without names.", "Reports (upload or link)."),
          ] },
        ] },
        { code: "B", title: "Uphold residents' rights", sections: [
          { number: 7, title: "Informed agreement and orientation", items: [
            i("a", "RRRR", "Residents' rights and requirements are explained before they sign anything.", "In plain language, with time for questions.", "Signed house rules and rights (automatic).", "rules_signed"),
            i("b", "RRRR", "Orientation collects emergency contacts and explains emergency procedures.", "Within the first day of arrival.", "Orientation checklist (upload)."),
          ] },
          { number: 8, title: "Privacy and confidentiality", items: [
            i("a", "RRRR", "Resident records are kept secure and seen only by those who need them.", "Role-based access and an audit log of reads and changes.", "Access roles and audit log (link)."),
            i("b", "RRRR", "A confidentiality policy allows disclosure only with the resident's written consent.", "Follow 42 CFR Part 2 where it applies.", "Consent records (link)."),
            i("c", "RRRR", "A social-media policy protects residents' privacy.", "No photos or names of residents without consent.", "Policy document (upload)."),
          ] },
        ] },
        { code: "C", title: "Build a culture of empowerment", sections: [
          { number: 9, title: "Residents' voice in the home", items: [
            i("a", "RRRR", "Residents have a real say in how the home is run.", "House meetings decide matters within the residents' reach.", "Meeting minutes (upload)."),
            i("b", "RRRR", "Residents can give feedback through a regular mechanism.", "A survey, suggestion box or standing agenda item.", "Survey results (upload)."),
            i("c", "RRRR", "Residents hold leadership roles in the home.", "Elected or appointed officers with defined duties.", "House offices (link)."),
          ] },
          { number: 10, title: "Grievances and notices", items: [
            i("a", "RRRR", "A written grievance procedure offers a path beyond the home.", "Name who hears an appeal outside the house.", "Signed grievance procedure (automatic).", "rules_signed"),
            i("b", "RRRR", "Required notices are posted in a common area.", "Grievance path, emergency numbers, rights.", "Photo of the posted notices (upload)."),
          ] },
          { number: 11, title: "Length of stay", items: [
            i("a", "RRRR", "Length of stay follows each resident's needs, not an arbitrary limit.", "Any guideline is reviewed with the resident.", "Policy document (upload)."),
          ] },
        ] },
        { code: "D", title: "Staff practise the social model", sections: [
          { number: 12, title: "Roles and training", items: [
            i("a", "-RRR", "Each staff role has a written job description.", "Duties, supervision and boundaries.", "Job descriptions (upload)."),
            i("b", "-RRR", "Staff have training or credentials that fit the level of support.", "Peer recovery, first aid, naloxone; clinical credentials at level IV.", "Training records (upload)."),
            i("c", "-rRR", "Staff practice is culturally responsive.", "Training on the communities the home serves.", "Training records (upload)."),
          ] },
          { number: 13, title: "Supervision", items: [
            i("a", "-RRR", "Staff are supervised in a way that keeps the social model of recovery.", "Regular supervision notes; peers are not turned into clients.", "Supervision plan (upload)."),
          ] },
        ] },
      ],
    },
    {
      code: "2", title: "Physical environment",
      principles: [
        { code: "E", title: "Offer a home-like setting", sections: [
          { number: 14, title: "A home, in good repair", items: [
            i("a", "RRRR", "The home is clean and in good repair.", "A walk-through each month, with repairs logged.", "Photos or inspection notes (upload)."),
            i("b", "RRRR", "Furnishings and entrances feel like a home, not an institution.", "Ordinary furniture, no signage that labels residents.", "Photos (upload)."),
          ] },
          { number: 15, title: "Space and amenities", items: [
            i("a", "RRRR", "Bedrooms give each bed enough space (for example at least 50 sq ft per bed).", "Room sizes and bed counts are recorded for every room.", "Room sizes and beds (automatic).", "bed_space"),
            i("b", "RRRR", "There are enough bathrooms (for example one sink, toilet and shower per six residents).", "Count bathrooms against beds.", "Bathrooms and beds (automatic).", "bathrooms"),
            i("c", "RRRR", "Each resident has personal and food storage.", "A lockable space per resident.", "Photos (upload)."),
            i("d", "RRRR", "Residents have access to laundry.", "In the house or paid for nearby.", "Photos (upload)."),
            i("e", "RRRR", "Appliances are safe and work.", "Replace or repair within a set time.", "Inspection notes (upload)."),
            i("f", "RRRR", "A meeting space fits all residents at once.", "The living room may serve.", "Photos (upload)."),
            i("g", "RRRR", "The kitchen and dining area fit everyone.", "Shared meals are possible.", "Photos (upload)."),
            i("h", "rRRR", "There is space for recreation.", "Indoors or outdoors.", "Photos (upload)."),
          ] },
        ] },
        { code: "F", title: "Keep the home safe and healthy", sections: [
          { number: 16, title: "Alcohol- and drug-free", items: [
            i("a", "RRRR", "A written policy keeps the home alcohol- and drug-free and says how a return to use is handled.", "Respond with care and a plan, not only with discharge.", "Policy document (upload)."),
            i("b", "RRRR", "A drug-screening procedure is written and followed.", "Who screens, how results are kept private.", "Procedure document (upload)."),
          ] },
          { number: 17, title: "Medications and overdose readiness", items: [
            i("a", "RRRR", "A medication policy covers secure storage.", "Locked storage per resident or a shared locked box.", "Policy document (upload)."),
            i("b", "RRRR", "Medications for opioid use disorder are not excluded by default.", "Admissions decisions never turn on MOUD alone.", "Policy document (upload)."),
            i("c", "RRRR", "Naloxone is on site and people are trained to use it.", "Check expiry dates and log the check.", "Naloxone checks (automatic).", "safety_checks_on_time"),
          ] },
          { number: 18, title: "Fire and life safety", items: [
            i("a", "RRRR", "Building systems are free of hazards and meet local codes.", "Electrical, heating, plumbing and exits.", "Occupancy permit or inspection (compliance log)."),
            i("b", "RRRR", "Every bedroom has a working smoke detector, and a CO detector is present with gas appliances.", "Test monthly.", "Detector checks (automatic).", "safety_checks_on_time"),
            i("c", "RRRR", "Fire extinguishers are present and charged.", "Inspect monthly; service yearly.", "Extinguisher checks (automatic).", "safety_checks_on_time"),
            i("d", "RRRR", "Safety checks are done and logged on schedule.", "Each recurring check on time.", "The safety log (automatic).", "safety_checks_on_time"),
            i("e", "-RRR", "Evacuation drills are held and logged.", "At least twice a year, with a head count.", "Drill log (automatic).", "safety_checks_on_time"),
          ] },
        ] },
      ],
    },
    {
      code: "3", title: "Recovery support",
      principles: [
        { code: "G", title: "Support active recovery and community", sections: [
          { number: 19, title: "Active recovery", items: [
            i("a", "RRRR", "Residents are encouraged into active recovery: mutual aid, treatment or other recovery activities.", "Attendance is encouraged and can be recorded.", "Meeting attendance (link)."),
          ] },
          { number: 20, title: "Work, study and service", items: [
            i("a", "RRr-", "Residents are encouraged to work, study or volunteer outside the home.", "Help with job search, school, service.", "Policy document (upload)."),
          ] },
          { number: 21, title: "Structured programming", items: [
            i("a", "--RR", "Structured daily or weekly programming is offered.", "A written weekly activity schedule.", "Weekly activity schedule (upload)."),
          ] },
          { number: 22, title: "Recovery plans", items: [
            i("a", "RRRR", "Each resident has a self-directed recovery plan that includes an exit plan.", "The resident writes their own goals.", "Recovery plans (automatic).", "recovery_plans"),
            i("b", "-RRR", "Progress on the plan is documented regularly.", "Weekly at levels II–III; clinical plans at level IV.", "Plan check-ins (automatic).", "recovery_plans"),
          ] },
          { number: 23, title: "Links to the community", items: [
            i("a", "RRRR", "Residents are linked to mutual aid, mentors or sponsors.", "Meeting lists and introductions.", "Services directory (link)."),
            // Migration 0062 gives this item the automatic check `referrals` (ADR 047 amendment); this file stays what 0040 inserted.
            i("b", "RRRR", "Residents are linked to community services: jobs, education, family, health and housing.", "A maintained directory and referrals.", "Services directory (link)."),
          ] },
        ] },
        { code: "H", title: "Model prosocial behaviour and relationship skills", sections: [
          { number: 24, title: "Life skills", items: [
            i("a", "-RRR", "Life-skills and other non-clinical recovery supports are offered or linked.", "Budgeting, cooking, job readiness.", "Sessions held (link)."),
          ] },
          { number: 25, title: "Prosocial behaviour", items: [
            i("a", "RRRR", "Staff and senior residents model prosocial behaviour.", "Respect, honesty, keeping commitments.", "Notes or policy (upload)."),
            i("b", "RRRR", "Conflict-resolution skills are taught and used.", "A simple process residents know.", "Curriculum or minutes (upload)."),
          ] },
          { number: 26, title: "A respectful culture", items: [
            i("a", "RRRR", "The culture is respectful and trauma-informed.", "Language and practices that avoid shame.", "Training records (upload)."),
            i("b", "RRRR", "Residents help shape how the home operates.", "Changes to rules are discussed at house meetings.", "Meeting minutes (upload)."),
          ] },
        ] },
        { code: "I", title: "Foster belonging and responsibility", sections: [
          { number: 27, title: "A family-like household", items: [
            i("a", "RRRR", "Residents share household chores, and chores are checked.", "A rotation with a record of who did what.", "Chores assigned and verified (automatic).", "chores_verified"),
            i("b", "RRRR", "The household meets at least weekly.", "A house meeting every week, with attendance.", "House meetings held (automatic).", "meetings_weekly"),
            i("c", "RRRR", "Residents help with food and share household expenses.", "Shared groceries or a house fund.", "House fund (link)."),
            i("d", "RRRR", "Residents can use the common areas freely.", "No locked living rooms.", "Photos (upload)."),
          ] },
          { number: 28, title: "Peer voice in membership", items: [
            i("a", "RrrR", "Residents have a voice in who moves in.", "An applicant interview or vote (peer-run homes).", "Meeting minutes (upload)."),
          ] },
          { number: 29, title: "Rituals and events", items: [
            i("a", "RRRR", "Social events and rituals mark arrivals, milestones and departures.", "Welcome dinners, chips, goodbyes.", "Calendar or photos (upload)."),
          ] },
        ] },
      ],
    },
    {
      code: "4", title: "Good neighbor",
      principles: [
        { code: "J", title: "Be a good neighbor", sections: [
          { number: 30, title: "Neighbor contact and concerns", items: [
            i("a", "RRRR", "Neighbors can reach the person responsible for the home.", "A phone number and name given to neighbors.", "Contact notice (upload)."),
            i("b", "RRRR", "Every neighbor concern gets a response, and both are logged.", "Date, concern, response.", "Neighbor log (upload)."),
          ] },
          { number: 31, title: "Conduct in the neighborhood", items: [
            i("a", "RRRR", "House rules cover noise, smoking, loitering and parking.", "Specific and posted.", "Signed house rules (automatic).", "rules_signed"),
            i("b", "RRRR", "Neighborhood conduct is covered at orientation.", "Part of the orientation checklist.", "Orientation checklist (upload)."),
          ] },
        ] },
      ],
    },
  ] satisfies DomainData[],
};

/** Every item as a flat row, in reading order (code like `2.F.17.c`). */
export function flatItems(domains: DomainData[] = BUILT_IN_STANDARD.domains) {
  return domains.flatMap((d) => d.principles.flatMap((p) => p.sections.flatMap((s) => s.items.map((it) => ({
    code: `${d.code}.${p.code}.${s.number}.${it.letter}`, domain: d.code, principle: p.code, section: s.number, ...it,
  })))));
}
