"""Configurable thresholds of DOMAIN.md, with the defaults it gives; councils may change them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Thresholds:
    review_interval_days: int = 90  # review due = last assessment + this
    review_after_escalation_days: int = 28  # sooner after an escalation
    repeat_missing_count: int = 3  # episodes ...
    repeat_missing_window_days: int = 30  # ... starting within any rolling window of this many days
    contact_target_days: int = 7  # default cadence target between successful contacts
    count_same_carer_changes: bool = False  # RNE T/U start a new placement when True
    rhi_due_hours: int = 72
    placement_flag_count: int = 3  # "3+ placements"
    distance_flag_miles: float = 20.0
    new_placement_days: int = 28
    escalation_days: int = 90
    stability_period_months: int = 30
    stability_placement_months: int = 24
    stability_max_age: int = 16  # eligible when aged under this
    action_upcoming_days: int = 7


DEFAULT_THRESHOLDS = Thresholds()
