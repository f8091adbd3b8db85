"""Enumerations of the Caseboard domain; values are the stored codes (SSDA903 where one exists)."""

from __future__ import annotations

from enum import Enum, StrEnum


class Role(StrEnum):
    SOCIAL_WORKER = "social_worker"
    KEY_PERSON = "key_person"
    TEAM_MANAGER = "team_manager"
    MACSE_CHAIR = "macse_chair"
    PARTNER_READER = "partner_reader"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]

    @property
    def noun(self) -> str:
        """The label inside a sentence: "social worker", "MACSE chair"."""
        return self.label if self is Role.MACSE_CHAIR else self.label.lower()

    def with_article(self, *, capital: bool = False) -> str:
        """ "a social worker", "an administrator", "a MACSE chair" ("A …" with ``capital``)."""
        article = "an" if self.noun[0].lower() in "aeiou" else "a"
        return f"{article.capitalize() if capital else article} {self.noun}"


_ROLE_LABELS = {
    Role.SOCIAL_WORKER: "Social worker",
    Role.KEY_PERSON: "Key person",
    Role.TEAM_MANAGER: "Team manager",
    Role.MACSE_CHAIR: "MACSE chair",
    Role.PARTNER_READER: "Partner-agency reader",
    Role.ADMINISTRATOR: "Administrator",
}


class RiskCategory(Enum):
    """The common CSE risk scale; instruments map their bands onto it. Ordered by severity."""

    NOT_AT_RISK = 0
    MILD = 1
    MODERATE = 2
    SIGNIFICANT = 3

    @property
    def label(self) -> str:
        return _RISK_LABELS[self]

    @property
    def code(self) -> str:
        return self.name.lower()

    @classmethod
    def from_code(cls, code: str) -> RiskCategory:
        return _RISK_BY_CODE[code]


_RISK_BY_CODE = {c.name.lower(): c for c in RiskCategory}  # Enum[...] is slow in a hot loop
_RISK_LABELS = {
    RiskCategory.NOT_AT_RISK: "Not at risk",
    RiskCategory.MILD: "Mild",
    RiskCategory.MODERATE: "Moderate",
    RiskCategory.SIGNIFICANT: "Significant",
}


class Trend(StrEnum):
    """Direction of the latest assessment against the previous one."""

    ESCALATED = "escalated"
    DE_ESCALATED = "de_escalated"
    UNCHANGED = "unchanged"
    FIRST = "first"  # only one assessment: no direction yet


class Involvement(StrEnum):
    """Statutory involvement shown as badges in the header and caseload."""

    EARLY_HELP = "EH"
    CIN = "CIN"
    CP = "CP"
    CLA = "CLA"


class InstrumentKind(StrEnum):
    SCORED = "scored"  # items with weights, total score mapped to bands
    JUDGEMENT = "judgement"  # professional judgement picks a band directly


class ItemTiming(StrEnum):
    """When a risk indicator was present; weights per timing live on the instrument item."""

    ABSENT = "absent"
    RECENT = "recent"  # present now or in the past 6 months
    PAST = "past"  # 6-12 months ago only
    BOTH = "both"  # recent and 6-12 months ago


class DatePrecision(StrEnum):
    EXACT = "exact"
    MONTH = "month"
    APPROXIMATE = "approximate"


class ChronologyCategory(StrEnum):
    MISSING_EPISODE = "missing_episode"
    RETURN_INTERVIEW = "return_interview"
    RISK_ASSESSMENT = "risk_assessment"
    PLACEMENT_CHANGE = "placement_change"
    MEETING = "meeting"
    DISCLOSURE = "disclosure"
    POLICE = "police"
    HEALTH = "health"
    EDUCATION = "education"
    KEY_PERSON_CONTACT = "key_person_contact"
    DISRUPTION = "disruption"
    POSITIVE_EVENT = "positive_event"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class MissingKind(StrEnum):
    MISSING = "M"  # whereabouts unknown
    AWAY = "A"  # away without authorisation, whereabouts known


class PoliceRiskGrade(StrEnum):
    NO_APPARENT_RISK = "no_apparent_risk"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class ContactKind(StrEnum):
    FACE_TO_FACE = "face_to_face"
    PHONE = "phone"
    VIDEO = "video"
    MESSAGE = "message"
    FAILED_ATTEMPT = "failed_attempt"

    @property
    def successful(self) -> bool:
        return self is not ContactKind.FAILED_ATTEMPT


class ContactWith(StrEnum):
    YOUNG_PERSON = "young_person"
    PARENT_CARER = "parent_carer"
    PROFESSIONAL = "professional"


class AssociateRole(StrEnum):
    ASSOCIATE = "associate"
    ALLEGED_PERPETRATOR = "alleged_perpetrator"
    PROTECTIVE_ADULT = "protective_adult"
    PEER = "peer"


class HandlingCode(StrEnum):
    PERMITTED = "P"
    CONDITIONS = "C"


class ContextKind(StrEnum):
    LOCATION = "location"
    PEER_GROUP = "peer_group"
    ONLINE_PLATFORM = "online_platform"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class MeetingOutcome(StrEnum):
    CONTINUE = "continue"
    STEP_DOWN = "step_down"
    CLOSE = "close"


class AuditAction(StrEnum):
    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    PRINT = "print"
    EXPORT = "export"
    LOGIN = "login"
    FAILED_LOGIN = "failed_login"
    BREAK_GLASS = "break_glass"
    PERMISSION_DENIED = "permission_denied"


class FlagCode(StrEnum):
    """Every flag the domain can raise; manual flags use MANUAL."""

    OVERDUE_REVIEW = "overdue_review"
    CONTACT_GAP = "contact_gap"
    PLACEMENTS_12_MONTHS = "placements_12_months"
    PLACEMENTS_COLLECTION_YEAR = "placements_collection_year"
    LONG_TERM_STABILITY_NOT_MET = "long_term_stability_not_met"
    OVER_20_MILES = "over_20_miles"
    OUT_OF_AREA = "out_of_area"
    NEW_PLACEMENT = "new_placement"
    UNPLANNED_ENDING = "unplanned_ending"
    ESCALATION = "escalation"
    CURRENTLY_MISSING = "currently_missing"
    REPEAT_MISSING = "repeat_missing"
    RHI_OVERDUE = "rhi_overdue"
    RISK_ESCALATED = "risk_escalated"
    MANUAL = "manual"
