"""SSDA903 code lists (children looked after return) with human-readable descriptions."""

from __future__ import annotations

#: Reason for new episode.
RNE_DESCRIPTIONS: dict[str, str] = {
    "S": "Started to be looked after",
    "L": "Change of legal status only",
    "P": "Change of placement and carer(s) only",
    "T": "Change of placement only, same carer(s)",
    "U": "Change of legal status and placement, same carer(s)",
    "B": "Change of legal status and placement and carer(s)",
}

#: Legal status.
LS_DESCRIPTIONS: dict[str, str] = {
    "C1": "Interim care order",
    "C2": "Full care order",
    "D1": "Freeing order granted",
    "E1": "Placement order granted",
    "J1": "Remanded to local authority or youth detention accommodation",
    "J2": "Placed in local authority accommodation under PACE",
    "J3": "Sentenced to a youth rehabilitation order with residence requirement",
    "L1": "Under police protection, in local authority accommodation",
    "L2": "Emergency protection order",
    "L3": "Child assessment order, in local authority accommodation",
    "V2": "Single period of accommodation under section 20",
    "V3": "Agreed series of short-term breaks (episodes recorded)",
    "V4": "Agreed series of short-term breaks (agreements recorded)",
}

#: Placement type.
PLACE_DESCRIPTIONS: dict[str, str] = {
    "A3": "Placed for adoption with consent, with current foster carer(s)",
    "A4": "Placed for adoption with consent, not with current foster carer(s)",
    "A5": "Placed for adoption with placement order, with current foster carer(s)",
    "A6": "Placed for adoption with placement order, not with current foster carer(s)",
    "H5": "Semi-independent living accommodation",
    "K1": "Secure children's home",
    "K2": "Children's home",
    "P1": "Placed with own parent(s) or person(s) with parental responsibility",
    "P2": "Independent living (flat, lodgings, bedsit, B&B or with friends)",
    "P3": "Residential employment",
    "R1": "Residential care home",
    "R2": "NHS/health trust or other establishment providing medical or nursing care",
    "R3": "Family centre or mother and baby unit",
    "R5": "Young offender institution",
    "S1": "Residential school",
    "T0": "Temporary move (any type)",
    "T1": "Temporary period in hospital",
    "T2": "Temporary absence on holiday",
    "T3": "Temporary accommodation while normal foster carer(s) on holiday",
    "T4": "Temporary accommodation of seven days or less",
    "U1": "Foster placement with relative(s) or friend(s), long term",
    "U2": "Foster placement with relative(s) or friend(s), fostering for adoption",
    "U3": "Foster placement with relative(s) or friend(s), other",
    "U4": "Foster placement with other foster carer(s), long term",
    "U5": "Foster placement with other foster carer(s), fostering for adoption",
    "U6": "Foster placement with other foster carer(s), other",
    "Z1": "Other placement",
}

#: Reason episode ceased.
REC_DESCRIPTIONS: dict[str, str] = {
    "E11": "Adopted: application unopposed",
    "E12": "Adopted: consent dispensed with by the court",
    "E13": "Left care to live with parent(s), relative(s) or others without PR",
    "E14": "Accommodation on remand ended",
    "E15": "Age assessment determined child aged 18 or over",
    "E16": "Child moved abroad",
    "E17": "Aged 18 or over and remained with current carers (staying put)",
    "E2": "Died",
    "E3": "Care taken over by another local authority in the UK",
    "E4A": "Returned home to parent(s) or others with parental responsibility (care plan)",
    "E4B": "Returned home to parent(s) or others with parental responsibility (not care plan)",
    "E41": "Residence order or child arrangements order granted",
    "E45": "Special guardianship order to former foster carer(s), relative(s) or friend(s)",
    "E46": "Special guardianship order to former foster carer(s), not relatives or friends",
    "E47": "Special guardianship order to other carer(s), relative(s) or friend(s)",
    "E48": "Special guardianship order to other carer(s), not relatives or friends",
    "E5": "Moved to independent living with formal support",
    "E6": "Moved to independent living without formal support",
    "E7": "Transferred to residential care funded by adult social care",
    "E8": "Period of being looked after ceased for any other reason",
    "E9": "Sentenced to custody",
    "X1": "Episode ceased and new episode began on the same day",
}

#: Reason for placement change.
REASON_PLACE_CHANGE_DESCRIPTIONS: dict[str, str] = {
    "CARPL": "Change to or implementation of care plan",
    "CLOSE": "Resignation or closure of provision",
    "ALLEG": "Allegation (s47)",
    "STAND": "Standards of care concern",
    "APPRR": "Approval removed",
    "CREQB": "Carer(s) requested placement end due to child's behaviour",
    "CREQO": "Carer(s) requested placement end, other than child's behaviour",
    "CHILD": "Child requested placement end",
    "LAREQ": "Responsible or area authority requested placement end",
    "PLACE": "Change in the status of placement only",
    "CUSTOD": "Custody arrest or release",
    "OTHER": "Other",
}


def describe(descriptions: dict[str, str], code: str | None) -> str:
    """'K2 (Children's home)'; unknown codes are shown as they are, blank as 'not recorded'."""
    if not code:
        return "not recorded"
    text = descriptions.get(code.strip().upper())
    return f"{code} ({text})" if text else code
