"""The MACSE action tracker: list, add and update actions (the rules: desktop.services.meetings)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from desktop.data.repositories import meetings as repo
from desktop.data.tables import Action, ActionUpdate, Context
from desktop.domain.access import Access
from desktop.domain.actor import Actor
from desktop.domain.dates import format_date
from desktop.domain.enums import ActionStatus, AuditAction
from desktop.domain.errors import (
    EditConflict,
    NotFound,
    ValidationFailed,
)
from desktop.domain.meetings import (
    ActionState,
    ActionView,
    action_reference,
)
from desktop.services import audit
from desktop.services.clock import uk_date
from desktop.services.meeting_access import MANAGE_ROLES, VIEW_ROLES, MeetingAccess
from desktop.services.sessions import checks_session
from desktop.services.text_limits import check_texts


@checks_session
class MeetingActions(MeetingAccess):
    """Actions about the young people of meetings; MeetingService is built on it."""

    def list_actions(
        self,
        actor: Actor,
        *,
        meeting_id: int | None = None,
        young_person_id: int | None = None,
        states: Collection[ActionState] | None = None,
    ) -> list[ActionView]:
        """Actions about young people the actor may see (and context actions of meetings they
        may see): a meeting's own and those carried forward to it, one young person's, or all;
        overdue first. States are as of today."""
        self._require(actor, VIEW_ROLES, "actions")
        today = uk_date(self._clock())
        denied = False
        with self._db.begin() as session:
            viewable = self._viewable_meetings(session, actor)
            query = repo.ActionQuery(young_person_id=young_person_id)
            if meeting_id is not None:
                row = repo.meeting(session, meeting_id)
                if row is None:
                    raise NotFound("That meeting does not exist")
                denied = viewable is not None and meeting_id not in viewable
                previous = repo.previous_meeting(session, row.held_on, row.id)
                query = replace(
                    query,
                    meeting_id=meeting_id,
                    carried_before=row.held_on,
                    previous_meeting_id=previous[0] if previous else None,
                )
            if young_person_id is not None:
                facts = repo.people(session, [young_person_id], actor.user_id).get(young_person_id)
                if facts is None:
                    raise NotFound("That young person's record does not exist")
                denied = denied or self._access(actor, facts) is Access.NONE
            rows = [] if denied else repo.actions(session, query, actor.user_id)
        if denied:
            self._deny(actor, "actions", young_person_id=young_person_id)
        if viewable is not None:  # context actions only of meetings the actor may see
            rows = [r for r in rows if r.person is not None or r.meeting_id in viewable]
        views = self._action_views(actor, rows, today)
        if states is not None:
            wanted = set(states)
            views = [v for v in views if v.state in wanted]
        return views

    def add_action(
        self,
        actor: Actor,
        *,
        meeting_id: int | None,
        description: str,
        owner_name: str,
        owner_agency: str,
        due_on: date,
        young_person_id: int | None = None,
        context_id: int | None = None,
        set_on: date | None = None,
    ) -> ActionView:
        """A new open action about a young person or a context, referenced MACSE-YYYY-MM-NN."""
        self._require(actor, MANAGE_ROLES, "add action")
        check_texts(
            self._db,
            {"description": description, "owner_name": owner_name, "owner_agency": owner_agency},
        )
        today = uk_date(self._clock())
        errors: dict[str, str] = {}
        if not description.strip():
            errors["description"] = "Say what the action is"
        if not owner_name.strip():
            errors["owner_name"] = "Name the action's owner"
        if not owner_agency.strip():
            errors["owner_agency"] = "Give the owner's agency"
        if (young_person_id is None) == (context_id is None):
            errors["subject"] = "An action is about one young person or one context"
        set_on = set_on or today
        if due_on < set_on:
            errors["due_on"] = "The due date cannot be before the date set"
        if errors:
            raise ValidationFailed(next(iter(errors.values())), errors)
        denied = False
        for attempt in range(3):
            try:
                with self._db.begin() as session:
                    held = set_on
                    if meeting_id is not None:
                        m = repo.meeting(session, meeting_id)
                        if m is None:
                            raise NotFound("That meeting does not exist")
                        held = m.held_on
                    if young_person_id is not None:
                        facts = repo.people(session, [young_person_id], actor.user_id).get(
                            young_person_id
                        )
                        if facts is None:
                            raise NotFound("That young person's record does not exist")
                        if self._access(actor, facts) is Access.NONE:
                            denied = True
                            break
                    if context_id is not None and session.get(Context, context_id) is None:
                        raise NotFound("That context does not exist")
                    prefix = f"MACSE-{held:%Y-%m}-"
                    reference = action_reference(held, repo.references_like(session, prefix))
                    action = Action(
                        reference=reference,
                        meeting_id=meeting_id,
                        young_person_id=young_person_id,
                        context_id=context_id,
                        description=description.strip(),
                        owner_name=" ".join(owner_name.split()),
                        owner_agency=" ".join(owner_agency.split()),
                        set_on=set_on,
                        due_on=due_on,
                        status=ActionStatus.OPEN.value,
                    )
                    session.add(action)
                    session.flush()
                    audit.record(
                        session,
                        actor,
                        AuditAction.CREATE,
                        object_kind="action",
                        object_id=action.id,
                        young_person_id=young_person_id,
                        fields=["description", "owner", "due_on"],
                    )
                    action_id = action.id
                break
            except IntegrityError:  # a colleague took the same reference a moment ago
                if attempt == 2:
                    raise EditConflict("Could not number the action; try again") from None
        if denied:
            self._deny(actor, "add action", young_person_id=young_person_id)
        return self._one_action(actor, action_id)

    def _one_action(self, actor: Actor, action_id: int) -> ActionView:
        with self._db.begin() as session:
            rows = repo.actions(session, repo.ActionQuery(action_id=action_id), actor.user_id)
        views = self._action_views(actor, rows, uk_date(self._clock()))
        if not views:
            raise NotFound("That action does not exist")
        return views[0]

    def update_action(
        self,
        actor: Actor,
        action_id: int,
        version: int,
        *,
        status: ActionStatus,
        due_on: date,
        note: str,
    ) -> ActionView:
        """Change an action's status or due date and add an update note (at least one of the
        three). Done and cancelled record today as the completion date; reopening clears it."""
        self._require(actor, VIEW_ROLES, "update action")
        check_texts(self._db, {"note": note})
        today = uk_date(self._clock())
        denied = False
        try:
            with self._db.begin() as session:
                rows = repo.actions(session, repo.ActionQuery(action_id=action_id), actor.user_id)
                if not rows:
                    raise NotFound("That action does not exist")
                r = rows[0]
                if r.person is not None:
                    denied = self._access(actor, r.person) is Access.NONE
                else:  # context actions: those who run the meetings
                    denied = actor.role not in MANAGE_ROLES
                if not denied:
                    a = session.get(Action, action_id)
                    assert a is not None
                    if a.version != version:
                        raise EditConflict(
                            f"Someone else updated action {a.reference} since you opened it; "
                            "reopen it to see their update"
                        )
                    changed: list[str] = []
                    if status.value != a.status:
                        a.status = status.value
                        a.completed_on = None if status is ActionStatus.OPEN else today
                        changed.append("status")
                    if due_on != a.due_on:
                        if due_on < a.set_on:
                            raise ValidationFailed(
                                "The due date cannot be before the date set",
                                {"due_on": "Before the date set"},
                            )
                        a.due_on = due_on
                        changed.append("due_on")
                    text = note.strip()
                    if not text and not changed:
                        raise ValidationFailed("Nothing to save: add a note", {"note": "Empty"})
                    if not text:
                        text = _auto_note(status if "status" in changed else None, due_on, changed)
                    session.add(ActionUpdate(action_id=a.id, author=actor.display_name, note=text))
                    flag_modified(a, "status")  # the version moves for a note alone too
                    audit.record(
                        session,
                        actor,
                        AuditAction.UPDATE,
                        object_kind="action",
                        object_id=a.id,
                        young_person_id=a.young_person_id,
                        fields=[*changed, "note"],
                    )
                    session.flush()
        except StaleDataError:
            raise EditConflict("Someone else updated this action at the same moment") from None
        if denied:
            self._deny(
                actor,
                "update action",
                "You can only update actions about young people in your caseload",
                young_person_id=r.young_person_id,
            )
        return self._one_action(actor, action_id)


def _auto_note(status: ActionStatus | None, due_on: date, changed: list[str]) -> str:
    parts: list[str] = []
    if status is not None:
        parts.append(f"Status changed to {status.value}")
    if "due_on" in changed:
        parts.append(f"Due date moved to {format_date(due_on)}")
    return "; ".join(parts)
