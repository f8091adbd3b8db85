"""Word lists and sentence templates for the synthetic demo data (invented, non-graphic text)."""

from __future__ import annotations

# Templates use {name} (the young person's preferred or first name) and are written in the
# plain, factual register of a case record. Nothing here describes abuse in detail: the demo
# is shown in training rooms and screenshots.

#: UK 2021 census ethnic groups with rough weights for a northern English city.
ETHNICITIES: tuple[tuple[str, int], ...] = (
    ("White: English, Welsh, Scottish, Northern Irish or British", 62),
    ("White: Irish", 1),
    ("White: Gypsy or Irish Traveller", 1),
    ("White: Roma", 1),
    ("White: Other White", 4),
    ("Mixed: White and Black Caribbean", 5),
    ("Mixed: White and Black African", 2),
    ("Mixed: White and Asian", 2),
    ("Mixed: Other Mixed or Multiple", 2),
    ("Asian or Asian British: Indian", 2),
    ("Asian or Asian British: Pakistani", 6),
    ("Asian or Asian British: Bangladeshi", 1),
    ("Asian or Asian British: Chinese", 1),
    ("Asian or Asian British: Other Asian", 1),
    ("Black or Black British: African", 4),
    ("Black or Black British: Caribbean", 2),
    ("Black or Black British: Other Black", 1),
    ("Other ethnic group: Arab", 1),
    ("Other ethnic group: Any other ethnic group", 1),
    ("Not stated", 1),
)

GENDERS: tuple[tuple[str, int], ...] = (
    ("Female", 62),
    ("Male", 34),
    ("Non-binary", 3),
    ("Prefers not to say", 1),
)

NICKNAMES: tuple[str, ...] = (
    "Jay",
    "Liv",
    "Bex",
    "Kez",
    "Mo",
    "Sam",
    "Alex",
    "Frankie",
    "Charlie",
    "Lou",
    "Em",
    "Izzy",
    "Tash",
    "Jojo",
    "Robbie",
    "Benny",
    "Kai",
    "Rio",
    "Max",
    "Ellie",
)

SCHOOLS: tuple[str, ...] = (
    "Moorside Academy",
    "Northfield High School",
    "St Aidan's Catholic High School",
    "Beckfield Community College",
    "Westgate Academy",
    "Oakridge High School",
    "Riverside Free School",
    "Hollins Park Academy",
    "Brookfield Learning Centre (pupil referral unit)",
    "Eastbrook Alternative Provision",
    "Kirkgate Sixth Form College",
    "City Training Hub (16-18 programme)",
    "Not in education, employment or training",
    "Elective home education",
)

#: Schools that only fit 16- and 17-year-olds.
POST16: frozenset[str] = frozenset(
    {
        "Kirkgate Sixth Form College",
        "City Training Hub (16-18 programme)",
        "Not in education, employment or training",
    }
)

PLAN_SENTENCES: tuple[str, ...] = (
    "Key person to see {name} at least weekly, including after school and at weekends.",
    "Social worker to complete direct work on healthy relationships over six sessions.",
    "Carers to report any missing episode to police without delay and inform the key person.",
    "School to provide a trusted adult and a safe space at lunchtimes.",
    "Sexual health clinic appointment offered; key person to accompany if {name} wishes.",
    "Police to consider disruption of adults identified as associates.",
    "Review phone safety and online privacy settings with {name}.",
    "Youth worker to support {name} to join a weekly sports session.",
    "CAMHS referral made; key person to support attendance.",
    "Return home interviews to be completed by the key person where possible.",
    "Family group conference to be offered to identify safe adults in the network.",
    "Education welfare officer to agree a reduced-timetable return plan.",
)

RATIONALE_OPENERS: tuple[str, ...] = (
    "Assessment completed with {name}, carers and partner agencies.",
    "Reviewed following the multi-agency meeting and the latest police information.",
    "Scheduled review; information gathered from school, health and the key person.",
    "Completed after a missing episode and the return home interview.",
    "Review brought forward after new intelligence from police.",
    "Assessment completed jointly by the social worker and key person.",
)

RATIONALE_UP: tuple[str, ...] = (
    "Missing episodes have increased and {name} has been seen with older associates.",
    "{name} has new phones and clothing that cannot be explained.",
    "School report falling attendance and {name} being collected by unknown adults.",
    "Police intelligence links {name} to an address of concern.",
    "{name} has disengaged from the key person and stopped attending appointments.",
)

RATIONALE_DOWN: tuple[str, ...] = (
    "No missing episodes since the last review and {name} is engaging well with the key person.",
    "{name} has returned to full-time education and is building positive friendships.",
    "Disruption activity appears to have ended contact with the associates of concern.",
    "{name} has a settled placement and is talking openly with carers.",
    "{name} has begun to recognise exploitative behaviour in direct work sessions.",
)

RATIONALE_SAME: tuple[str, ...] = (
    "The picture is broadly unchanged; protective factors are holding but remain fragile.",
    "Some concerns continue around online contact; no new indicators this period.",
    "{name} is engaging inconsistently; risk remains at the same level.",
)

YP_WORDS: tuple[str, ...] = (
    "I just want people to stop going on about it.",
    "They're my mates, they look after me.",
    "I like seeing my key worker, she actually listens.",
    "I don't want to move again.",
    "School is better now I've got someone to talk to.",
    "I didn't think it was a big deal at the time.",
    "I want to go to college and do hair and beauty.",
    "I know who to ring now if something happens.",
    "I'm bored at home so I go out.",
    "I don't trust the police.",
    "I've stopped going round there.",
    "I want to see my mum more.",
    "Nobody asked me what I wanted.",
    "I feel safer where I'm living now.",
)

OVERRIDE_REASONS: tuple[str, ...] = (
    "Professional judgement: the score understates the risk given police intelligence "
    "not captured by the items.",
    "Professional judgement: recent disclosure to the key person raises concern beyond the "
    "scored indicators.",
    "Professional judgement: strong protective factors (settled placement, engaged family) "
    "reduce the risk the score suggests.",
)

CORRECTION_NOTES: tuple[str, ...] = (
    "Correction: an indicator was recorded against the wrong period; reassessed with the "
    "team manager.",
    "Correction: item ticked in error on the original record; no other change.",
)

MISSING_REPORTED_BY: dict[str, tuple[str, ...]] = {
    "foster": ("Foster carer", "Supervising social worker"),
    "residential": ("Residential staff (shift lead)", "Home manager"),
    "home": ("Mother", "Father", "Grandparent", "Step-parent"),
}

WHERE_FOUND: tuple[str, ...] = (
    "Returned to placement on own accord",
    "Found by police at a friend's address",
    "Found at the bus station",
    "Located at a takeaway in the town centre",
    "Collected by carer from a retail park",
    "Found by police in a car park",
    "Returned after contact from the key person",
    "Found at an address outside the area",
    "Found at a relative's house",
)

FOUND_WITH: tuple[str, ...] = (
    "Alone",
    "With peers",
    "With peers known to be associated with other young people in the cohort",
    "With an older male not known to services",
    "With two adults known to police",
    "With a boyfriend (age not confirmed)",
    "Not known",
)

MISSING_NOTES: tuple[str, ...] = (
    "Did not return after school; phone switched off.",
    "Left placement late evening after an argument with carers.",
    "Seen getting into a car outside placement; vehicle details passed to police.",
    "Failed to return from contact with family.",
    "Went out with friends and did not return by the agreed time.",
    "Location shared by phone but would not come home; carers informed police.",
)

RHI_DISCLOSURES: tuple[str, ...] = (
    "Said {name} stayed at a friend's flat; would not give the address.",
    "{name} described being given lifts by an older male known only by a nickname.",
    "{name} said there was alcohol at the address and older people present.",
    "No disclosures; {name} said {name} needed space after a family argument.",
    "{name} named two peers who were also there; information shared with police.",
    "{name} said a phone had been given as a present; key person to follow up.",
)

RHI_DECLINED: tuple[str, ...] = (
    "Young person declined; said they had already spoken to the police.",
    "Young person declined and asked not to be contacted about it again this week.",
    "Declined; carer reports the young person spoke openly to them on return.",
)

RHI_WORKERS: tuple[str, ...] = (
    "Return interview worker, Safe Steps Project",
    "Return interview worker, Pathways Young People's Service",
)

CONTACT_LOCATIONS: tuple[str, ...] = (
    "Placement",
    "Family home",
    "School",
    "Café in the town centre",
    "In the car (drive and talk)",
    "Youth centre",
    "Park",
    "Office",
    "Sexual health clinic",
)

CONTACT_SUMMARIES: tuple[str, ...] = (
    "Direct work session on healthy relationships; {name} engaged well.",
    "Took {name} for lunch and talked about school and friendships.",
    "Checked in after the weekend; {name} reported no concerns.",
    "Went through the safety plan and updated emergency numbers.",
    "Supported {name} to attend a health appointment.",
    "Talked about online safety and privacy settings.",
    "{name} was quiet and did not want to talk at length; agreed to meet later in the week.",
    "Discussed the recent missing episode and what might help next time.",
    "Planned a college taster day together.",
    "Spoke to carers about curfew and agreed a consistent approach.",
)

CONTACT_SAID: tuple[str, ...] = (
    '"I\'m alright, honestly."',
    '"Can we do something fun next time?"',
    '"I don\'t want to talk about him."',
    '"I\'ve been going to school every day."',
    '"My phone got taken off me."',
    '"I didn\'t go out at the weekend."',
    '"I want to go back to live with my mum."',
    '"Thanks for coming."',
    "",
)

FAILED_SUMMARIES: tuple[str, ...] = (
    "Visited as arranged; {name} was not at placement. Left a message.",
    "Called twice; no answer. Text sent to rearrange.",
    "{name} cancelled by message half an hour before the visit.",
)

#: (category, agency, person role, description, analysis): agencies are mandatory sources.
CHRONOLOGY: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "police",
        "Police",
        "PC",
        "Stop check: {name} found in a vehicle with two adults late at night.",
        "Indicates contact with adults of concern; shared with the MACSE police lead.",
    ),
    (
        "police",
        "Police",
        "DC",
        "Intelligence report links {name} to an address of concern.",
        "Increases concern about the network around {name}; disruption to be considered.",
    ),
    (
        "disclosure",
        "Children's Social Care",
        "Social worker",
        "{name} told the social worker that an older male had been buying gifts.",
        "Possible grooming; risk assessment to be reviewed and police informed.",
    ),
    (
        "disclosure",
        "School",
        "Designated safeguarding lead",
        "{name} disclosed to a teacher feeling pressured to meet people met online.",
        "Online risk is current; direct work on online safety agreed.",
    ),
    (
        "health",
        "Health — CAMHS",
        "CAMHS practitioner",
        "Initial CAMHS assessment completed; low mood and anxiety identified.",
        "Emotional wellbeing affects {name}'s ability to keep safe; therapeutic support offered.",
    ),
    (
        "health",
        "Sexual health clinic",
        "Specialist nurse",
        "{name} attended the sexual health clinic with the key person.",
        "Positive engagement with health services; follow-up appointment booked.",
    ),
    (
        "health",
        "Health — School nursing",
        "School nurse",
        "Health check-up completed; no immediate concerns noted.",
        "Routine contact; {name} is registered with a GP and dentist.",
    ),
    (
        "education",
        "School",
        "Head of year",
        "Attendance fell to 54% this half-term with unexplained absences.",
        "Absence coincides with missing episodes; school and key person to share daily updates.",
    ),
    (
        "education",
        "School",
        "Designated safeguarding lead",
        "Fixed-term exclusion for three days after an incident in class.",
        "Exclusion increases unsupervised time; key person to plan daytime contact.",
    ),
    (
        "education",
        "Youth Offending Service",
        "YOS case manager",
        "{name} started a reparation programme as part of an out-of-court disposal.",
        "Structured activity offers routine and a further trusted adult.",
    ),
    (
        "disruption",
        "Police",
        "Sergeant",
        "Child abduction warning notice served on an adult linked to {name}.",
        "Expected to reduce contact; monitor for displacement to other locations.",
    ),
    (
        "positive_event",
        "Children's Social Care",
        "Key person",
        "{name} completed a first-aid course and received a certificate.",
        "Builds confidence and a sense of achievement; celebrate at the next review.",
    ),
    (
        "positive_event",
        "Voluntary sector — Safe Steps Project",
        "Youth worker",
        "{name} joined a weekly boxing club and has attended every session.",
        "Positive peer group and routine on the evenings most associated with missing episodes.",
    ),
    (
        "positive_event",
        "School",
        "Form tutor",
        "{name} achieved full attendance for the month.",
        "Protective: school is a safe daytime setting and a source of trusted adults.",
    ),
    (
        "other",
        "Children's Social Care",
        "Team manager",
        "Strategy discussion held with police and health about {name}.",
        "Agreed a section 47 enquiry was not needed; CSE plan to continue.",
    ),
    (
        "other",
        "Voluntary sector — Pathways Young People's Service",
        "Support worker",
        "{name} referred for one-to-one mentoring.",
        "Additional consistent adult; reduces isolation at weekends.",
    ),
    (
        "meeting",
        "Children's Social Care",
        "Independent reviewing officer",
        "Looked-after review held; plan updated with {name}'s views.",
        "{name}'s wishes about contact with family are reflected in the plan.",
    ),
    (
        "key_person_contact",
        "Children's Social Care",
        "Key person",
        "{name} rang the key person late evening asking to be collected.",
        "{name} used the safety plan and reached out to a trusted adult: a protective step.",
    ),
)

ASSOCIATE_ALIASES: tuple[str, ...] = (
    "J",
    "Tee",
    "Bigs",
    "Ace",
    "Marley",
    "Kay",
    "Dee",
    "Smithy",
    "Ronnie",
    "Chief",
    "Baz",
    "Nico",
)

ASSOCIATE_DESCRIPTIONS: tuple[str, ...] = (
    "Adult male, mid-twenties, known to drive a grey hatchback.",
    "Adult male, early thirties, linked by police to several addresses in the area.",
    "Young adult, 19, previously a peer of young people in the cohort.",
    "Adult female, believed to host gatherings at a flat in the town centre.",
    "Adult male, late twenties, contacts young people through social media.",
    "Older peer, 17, thought to introduce younger children to adults of concern.",
)

ASSOCIATE_INTELLIGENCE: tuple[str, ...] = (
    "Seen with {name} on two occasions near the retail park.",
    "Number found saved in {name}'s phone under a nickname.",
    "Named by {name} in a return home interview.",
    "Police report the vehicle registered to this person stopped with {name} inside.",
    "Carer reports {name} receives frequent calls from this person.",
    "Protective: an aunt who offers {name} a safe place to stay.",
)

CONTEXTS: tuple[tuple[str, str, str], ...] = (
    (
        "location",
        "Riverside retail park car park",
        "Young people gather in the evenings; adults in cars seen approaching them.",
    ),
    ("location", "Bus station (north entrance)", "Meeting point before young people go missing."),
    (
        "location",
        "Takeaway on Station Road",
        "Staff reported older males giving free food to young people.",
    ),
    ("location", "Hotel near the ring road", "Young people seen entering with adults."),
    ("location", "Canal towpath underpass", "Hotspot for drug use and gatherings."),
    ("location", "Park skate area", "Daytime meeting point during school hours."),
    (
        "peer_group",
        "Older peer group from the estate",
        "Group of 16-19-year-olds linked to several younger children.",
    ),
    ("peer_group", "School friendship group (Year 9)", "Group of girls going missing together."),
    (
        "online_platform",
        "Group chat on a photo-sharing app",
        "Adults invite young people to parties through the chat.",
    ),
    (
        "online_platform",
        "Online gaming voice chat",
        "Unknown adults contacting boys with offers of money.",
    ),
    (
        "location",
        "Shisha lounge in the town centre",
        "Licensed premises visited by the MACSE police lead.",
    ),
    ("location", "Flat above the launderette", "Address of concern named in return interviews."),
)

DISRUPTION_TACTICS: tuple[tuple[str, str, str], ...] = (
    (
        "Child abduction warning notice",
        "Police",
        "Notice served; no further contact reported in the following month.",
    ),
    (
        "High-visibility police patrols",
        "Police",
        "Patrols on four evenings; fewer young people seen gathering.",
    ),
    (
        "Licensed premises visit",
        "Licensing",
        "Management briefed on safeguarding; staff to report concerns.",
    ),
    (
        "Hotel watch briefing",
        "Police",
        "Staff trained to spot warning signs; two reports received since.",
    ),
    (
        "Taxi and private-hire licensing checks",
        "Licensing",
        "Drivers reminded of safeguarding duties; one referral to licensing committee.",
    ),
    (
        "Community protection warning",
        "Community Safety",
        "Warning issued; behaviour at the location has reduced.",
    ),
    (
        "Report to the online platform",
        "Police",
        "Accounts reported; the group chat has been removed.",
    ),
)

ATTENDEES: tuple[tuple[str, str], ...] = (
    ("Police", "Detective sergeant, child exploitation unit"),
    ("Health", "Designated nurse for safeguarding"),
    ("Health — CAMHS", "CAMHS clinical lead"),
    ("Education", "Inclusion manager"),
    ("Children's Social Care", "Team manager"),
    ("Youth Offending Service", "YOS team manager"),
    ("Voluntary sector — Safe Steps Project", "Service manager"),
    ("Community Safety", "Anti-social behaviour officer"),
)

MEETING_VENUES: tuple[str, ...] = (
    "Civic Hall, Committee Room 2",
    "Police divisional headquarters, conference room",
    "Online (video call)",
)

COHORT_REASONS: tuple[str, ...] = (
    "Repeat missing episodes",
    "New associate identified by police",
    "Risk escalated at the last assessment",
    "Placement breakdown and move out of area",
    "Carried forward from the previous meeting",
    "Disclosure to school",
)

DECISIONS: dict[str, tuple[str, ...]] = {
    "continue": (
        "Remain open to MACSE; plan agreed and actions set.",
        "Continue at the current category; police to pursue disruption.",
    ),
    "step_down": ("Step down to the single-agency plan; key person to continue weekly contact.",),
    "close": ("Close to MACSE: no indicators for six months; the team will monitor.",),
}

ACTIONS: tuple[tuple[str, str], ...] = (
    (
        "Complete a return home interview for the most recent missing episode.",
        "Children's Social Care",
    ),
    ("Serve a child abduction warning notice on the identified adult.", "Police"),
    ("Share attendance data weekly with the key person.", "Education"),
    ("Offer a sexual health appointment and support attendance.", "Health"),
    ("Review the risk assessment following the new intelligence.", "Children's Social Care"),
    ("Check vehicle registration reported by carers.", "Police"),
    ("Arrange a mentoring referral.", "Voluntary sector — Safe Steps Project"),
    ("Complete a CAMHS consultation with carers.", "Health — CAMHS"),
    (
        "Youth Offending Service to include exploitation risk in the intervention plan.",
        "Youth Offending Service",
    ),
    ("Licensing visit to the premises named by young people.", "Licensing"),
)

ACTION_UPDATES: tuple[str, ...] = (
    "Contact made; awaiting a reply.",
    "Partly done; remainder planned for next week.",
    "Completed; see the chronology.",
    "Delayed by staff sickness; new date agreed.",
)

SUPERVISION_DISCUSSION: tuple[str, ...] = (
    "Reviewed the latest risk assessment, missing episodes and contact pattern.",
    "Discussed the placement and the young person's views on moving.",
    "Considered police intelligence and the need for a strategy discussion.",
    "Reflected on engagement with the key person and what is working.",
)

SUPERVISION_DECISIONS: tuple[str, ...] = (
    "Continue the current plan; review risk in four weeks.",
    "Request a strategy discussion with police.",
    "Increase key-person contact to twice weekly for a month.",
    "Refer to MACSE for multi-agency oversight.",
)

SUPERVISION_ACTIONS: tuple[str, ...] = (
    "Social worker to update the chronology.",
    "Key person to complete direct work on online safety.",
    "Manager to chase the CAMHS referral.",
    "Social worker to update the safety plan with carers.",
)

MANUAL_FLAGS: tuple[tuple[str, str], ...] = (
    ("Court date upcoming", "Witness in criminal proceedings; support needed around the date."),
    ("Sibling also at risk", "Younger sibling seen with the same peer group."),
    ("Birthday soon", "Previous birthdays were followed by contact from associates."),
    ("Moving school", "Transition planned; risk of disengagement."),
    ("Contact with family under review", "Family member linked to associates of concern."),
)

CARE_HOMES: tuple[str, ...] = (
    "Oakfield House",
    "Larch Lodge",
    "The Willows",
    "Beech View",
    "Meadow Court",
    "Rowan House",
    "Kestrel Lodge",
    "Hawthorn Place",
)

FOSTERING_AGENCIES: tuple[str, ...] = (
    "Brightwater Fostering",
    "Northern Hearth Foster Care",
    "Compass Point Fostering",
    "Harbour Family Placements",
)

RESIDENTIAL_PROVIDERS: tuple[str, ...] = (
    "Pennine Residential Care",
    "Greystone Therapeutic Care",
    "Marlow Lodge Residential",
)
