"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_setting")),
    )
    op.create_table(
        "associate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.String(length=400), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_associate")),
    )
    op.create_table(
        "context",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_context")),
    )
    op.create_table(
        "risk_instrument",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_instrument")),
        sa.UniqueConstraint("code", name=op.f("uq_risk_instrument_code")),
    )
    op.create_table(
        "team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("local_authority_code", sa.String(length=16), nullable=True),
        sa.Column("local_authority_name", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team")),
        sa.UniqueConstraint("name", name=op.f("uq_team_name")),
    )
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_app_user_team_id_team")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("username", name=op.f("uq_app_user_username")),
    )
    op.create_table(
        "risk_band",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("min_score", sa.Integer(), nullable=False),
        sa.Column("max_score", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["risk_instrument.id"],
            name=op.f("fk_risk_band_instrument_id_risk_instrument"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_band")),
    )
    op.create_table(
        "risk_instrument_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("group", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("weight_recent", sa.Integer(), nullable=False),
        sa.Column("weight_past", sa.Integer(), nullable=False),
        sa.Column("weight_both", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["risk_instrument.id"],
            name=op.f("fk_risk_instrument_item_instrument_id_risk_instrument"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_instrument_item")),
        sa.UniqueConstraint(
            "instrument_id", "code", name=op.f("uq_risk_instrument_item_instrument_id")
        ),
    )
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("object_kind", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("young_person_id", sa.Integer(), nullable=True),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_audit_entry_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_entry_young_person_id"),
            ["young_person_id"],
            unique=False,
        )
        batch_op.create_index("ix_audit_user_at", ["username", "at"], unique=False)

    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("chair_id", sa.Integer(), nullable=True),
        sa.Column("venue", sa.String(length=200), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chair_id"], ["app_user.id"], name=op.f("fk_meeting_chair_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    op.create_table(
        "young_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("first_name", sa.String(length=200), nullable=False),
        sa.Column("last_name", sa.String(length=200), nullable=False),
        sa.Column("preferred_name", sa.String(length=200), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("gender", sa.String(length=40), nullable=False),
        sa.Column("ethnicity", sa.String(length=80), nullable=False),
        sa.Column("involvement", sa.String(length=8), nullable=True),
        sa.Column("school", sa.String(length=200), nullable=False),
        sa.Column("home_postcode", sa.String(length=10), nullable=True),
        sa.Column("responsible_la_code", sa.String(length=16), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("social_worker_id", sa.Integer(), nullable=True),
        sa.Column("key_person_id", sa.Integer(), nullable=True),
        sa.Column("contact_target_days", sa.Integer(), nullable=True),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("photo", sa.LargeBinary(), nullable=True),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["key_person_id"],
            ["app_user.id"],
            name=op.f("fk_young_person_key_person_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["social_worker_id"],
            ["app_user.id"],
            name=op.f("fk_young_person_social_worker_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_young_person_team_id_team")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_young_person")),
        sa.UniqueConstraint("reference", name=op.f("uq_young_person_reference")),
    )
    with op.batch_alter_table("young_person", schema=None) as batch_op:
        batch_op.create_index(
            "ix_young_person_key_person", ["key_person_id"], unique=False
        )
        batch_op.create_index(
            "ix_young_person_name", ["last_name", "first_name"], unique=False
        )
        batch_op.create_index(
            "ix_young_person_social_worker", ["social_worker_id"], unique=False
        )
        batch_op.create_index("ix_young_person_team", ["team_id"], unique=False)

    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("young_person_id", sa.Integer(), nullable=True),
        sa.Column("context_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("owner_agency", sa.String(length=200), nullable=False),
        sa.Column("set_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["context_id"], ["context.id"], name=op.f("fk_action_context_id_context")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_action_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
            name=op.f("fk_action_young_person_id_young_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
        sa.UniqueConstraint("reference", name=op.f("uq_action_reference")),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_action_young_person_id"), ["young_person_id"], unique=False
        )

    op.create_table(
        "associate_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("associate_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("source_grade", sa.String(length=1), nullable=True),
        sa.Column("intelligence_grade", sa.String(length=1), nullable=True),
        sa.Column("handling_code", sa.String(length=1), nullable=False),
        sa.Column("intelligence", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["associate_id"],
            ["associate.id"],
            name=op.f("fk_associate_link_associate_id_associate"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
            name=op.f("fk_associate_link_young_person_id_young_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_associate_link")),
    )
    with op.batch_alter_table("associate_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_associate_link_associate_id"), ["associate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_associate_link_young_person_id"),
            ["young_person_id"],
            unique=False,
        )

    op.create_table(
        "chronology_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("date_precision", sa.String(length=32), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("source_agency", sa.String(length=200), nullable=False),
        sa.Column("source_person", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("analysis", sa.Text(), nullable=False),
        sa.Column("significant", sa.Boolean(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("linked_kind", sa.String(length=40), nullable=True),
        sa.Column("linked_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["app_user.id"],
            name=op.f("fk_chronology_entry_author_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
            name=op.f("fk_chronology_entry_young_person_id_young_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chronology_entry")),
    )
    with op.batch_alter_table("chronology_entry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_chronology_yp_date", ["young_person_id", "event_date"], unique=False
        )

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("initiated_by", sa.String(length=40), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("with_whom", sa.String(length=32), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("young_person_said", sa.Text(), nullable=False),
        sa.Column("significant", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["app_user.id"], name=op.f("fk_contact_worker_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
            name=op.f("fk_contact_young_person_id_young_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contact_yp_time", ["young_person_id", "occurred_at"], unique=False
        )

    op.create_table(
        "context_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("context_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("handling_code", sa.String(length=1), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["context_id"],
            ["context.id"],
            name=op.f("fk_context_link_context_id_context"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
            name=op.f("fk_context_link_young_person_id_young_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_context_link")),
    )
    with op.batch_alter_table("context_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_context_link_context_id"), ["context_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_context_link_young_person_id"),
            ["young_person_id"],
            unique=False,
        )

    op.create_table(
        "disruption_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=True),
        sa.Column("context_id", sa.Integer(), nullable=True),
        sa.Column("associate_id", sa.Integer(), nullable=True),
        sa.Column("tactic", sa.String(length=200), nullable=False),
        sa.Column("activity_date", sa.Date(), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["associate_id"],
            ["associate.id"],
            name=op.f("fk_disruption_activity_associate_id_associate"),
        ),
        sa.ForeignKeyConstraint(
            ["context_id"],
            ["context.id"],
            name=op.f("fk_disruption_activity_context_id_context"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
            name=op.f("fk_disruption_activity_young_person_id_young_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disruption_activity")),
    )
    with op.batch_alter_table("disruption_activity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_disruption_activity_young_person_id"),
            ["young_person_id"],
            unique=False,
        )

    op.create_table(
        "manual_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=True),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("cleared_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["raised_by_id"],
            ["app_user.id"],
            name=op.f("fk_manual_flag_raised_by_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
            name=op.f("fk_manual_flag_young_person_id_young_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manual_flag")),
    )
    with op.batch_alter_table("manual_flag", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_manual_flag_young_person_id"),
            ["young_person_id"],
            unique=False,
        )

    op.create_table(
        "meeting_attendee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.Column("on_distribution", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_attendee_meeting_id_meeting"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendee")),
    )
    with op.batch_alter_table("meeting_attendee", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_attendee_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "meeting_cohort",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("category_agreed", sa.String(length=32), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("include_conditional_intelligence", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_cohort_meeting_id_meeting"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
            name=op.f("fk_meeting_cohort_young_person_id_young_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_cohort")),
        sa.UniqueConstraint(
            "meeting_id", "young_person_id", name=op.f("uq_meeting_cohort_meeting_id")
        ),
    )
    with op.batch_alter_table("meeting_cohort", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_cohort_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_cohort_young_person_id"),
            ["young_person_id"],
            unique=False,
        )

    op.create_table(
        "missing_episode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("police_risk_grade", sa.String(length=32), nullable=True),
        sa.Column("reported_by", sa.String(length=200), nullable=False),
        sa.Column("where_found", sa.String(length=200), nullable=False),
        sa.Column("found_with", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
            name=op.f("fk_missing_episode_young_person_id_young_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_missing_episode")),
    )
    with op.batch_alter_table("missing_episode", schema=None) as batch_op:
        batch_op.create_index(
            "ix_missing_yp_start", ["young_person_id", "started_at"], unique=False
        )

    op.create_table(
        "placement_episode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("decom", sa.Date(), nullable=False),
        sa.Column("rne", sa.String(length=1), nullable=False),
        sa.Column("legal_status", sa.String(length=2), nullable=False),
        sa.Column("place", sa.String(length=2), nullable=False),
        sa.Column("place_provider", sa.String(length=3), nullable=True),
        sa.Column("provider_name", sa.String(length=200), nullable=False),
        sa.Column("dec", sa.Date(), nullable=True),
        sa.Column("rec", sa.String(length=3), nullable=True),
        sa.Column("reason_place_change", sa.String(length=6), nullable=True),
        sa.Column("home_postcode", sa.String(length=10), nullable=True),
        sa.Column("placement_postcode", sa.String(length=10), nullable=True),
        sa.Column("urn", sa.String(length=8), nullable=True),
        sa.Column("collection_year", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
            name=op.f("fk_placement_episode_young_person_id_young_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement_episode")),
    )
    with op.batch_alter_table("placement_episode", schema=None) as batch_op:
        batch_op.create_index(
            "ix_placement_yp_decom", ["young_person_id", "decom"], unique=False
        )

    op.create_table(
        "risk_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("total_score", sa.Integer(), nullable=True),
        sa.Column("band_label", sa.String(length=200), nullable=False),
        sa.Column("computed_category", sa.String(length=32), nullable=False),
        sa.Column("override_category", sa.String(length=32), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("assessor_id", sa.Integer(), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("young_person_words", sa.Text(), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessor_id"],
            ["app_user.id"],
            name=op.f("fk_risk_assessment_assessor_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["app_user.id"],
            name=op.f("fk_risk_assessment_confirmed_by_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["risk_instrument.id"],
            name=op.f("fk_risk_assessment_instrument_id_risk_instrument"),
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["risk_assessment.id"],
            name=op.f("fk_risk_assessment_supersedes_id_risk_assessment"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
            name=op.f("fk_risk_assessment_young_person_id_young_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_assessment")),
    )
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_risk_assessment_yp_date",
            ["young_person_id", "assessed_on"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_risk_assessment_supersedes_id"), ["supersedes_id"], unique=False
        )

    op.create_table(
        "supervision_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("attendees", sa.Text(), nullable=False),
        sa.Column("discussion", sa.Text(), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("next_supervision_on", sa.Date(), nullable=True),
        sa.Column("signed_off_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["app_user.id"],
            name=op.f("fk_supervision_record_manager_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
            name=op.f("fk_supervision_record_young_person_id_young_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_record")),
    )
    with op.batch_alter_table("supervision_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supervision_record_young_person_id"),
            ["young_person_id"],
            unique=False,
        )

    op.create_table(
        "young_person_access",
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["granted_by_id"],
            ["app_user.id"],
            name=op.f("fk_young_person_access_granted_by_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_young_person_access_user_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
            name=op.f("fk_young_person_access_young_person_id_young_person"),
        ),
        sa.PrimaryKeyConstraint(
            "young_person_id", "user_id", name=op.f("pk_young_person_access")
        ),
    )
    op.create_table(
        "action_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["action.id"], name=op.f("fk_action_update_action_id_action")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_update")),
    )
    with op.batch_alter_table("action_update", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_update_action_id"), ["action_id"], unique=False
        )

    op.create_table(
        "return_interview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("offered_at", sa.DateTime(), nullable=True),
        sa.Column("accepted", sa.Boolean(), nullable=True),
        sa.Column("declined_reason", sa.Text(), nullable=True),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("completed_by", sa.String(length=200), nullable=False),
        sa.Column("key_disclosures", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["missing_episode.id"],
            name=op.f("fk_return_interview_episode_id_missing_episode"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_interview")),
        sa.UniqueConstraint("episode_id", name=op.f("uq_return_interview_episode_id")),
    )
    op.create_table(
        "risk_assessment_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("timing", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["risk_assessment.id"],
            name=op.f("fk_risk_assessment_answer_assessment_id_risk_assessment"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["risk_instrument_item.id"],
            name=op.f("fk_risk_assessment_answer_item_id_risk_instrument_item"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_assessment_answer")),
    )
    with op.batch_alter_table("risk_assessment_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_risk_assessment_answer_assessment_id"),
            ["assessment_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("risk_assessment_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_assessment_answer_assessment_id"))

    op.drop_table("risk_assessment_answer")
    op.drop_table("return_interview")
    with op.batch_alter_table("action_update", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_update_action_id"))

    op.drop_table("action_update")
    op.drop_table("young_person_access")
    with op.batch_alter_table("supervision_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervision_record_young_person_id"))

    op.drop_table("supervision_record")
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.drop_index("ix_risk_assessment_yp_date")
        batch_op.drop_index(batch_op.f("ix_risk_assessment_supersedes_id"))

    op.drop_table("risk_assessment")
    with op.batch_alter_table("placement_episode", schema=None) as batch_op:
        batch_op.drop_index("ix_placement_yp_decom")

    op.drop_table("placement_episode")
    with op.batch_alter_table("missing_episode", schema=None) as batch_op:
        batch_op.drop_index("ix_missing_yp_start")

    op.drop_table("missing_episode")
    with op.batch_alter_table("meeting_cohort", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_cohort_young_person_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_cohort_meeting_id"))

    op.drop_table("meeting_cohort")
    with op.batch_alter_table("meeting_attendee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendee_meeting_id"))

    op.drop_table("meeting_attendee")
    with op.batch_alter_table("manual_flag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_manual_flag_young_person_id"))

    op.drop_table("manual_flag")
    with op.batch_alter_table("disruption_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disruption_activity_young_person_id"))

    op.drop_table("disruption_activity")
    with op.batch_alter_table("context_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_context_link_young_person_id"))
        batch_op.drop_index(batch_op.f("ix_context_link_context_id"))

    op.drop_table("context_link")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_yp_time")

    op.drop_table("contact")
    with op.batch_alter_table("chronology_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_chronology_yp_date")

    op.drop_table("chronology_entry")
    with op.batch_alter_table("associate_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_associate_link_young_person_id"))
        batch_op.drop_index(batch_op.f("ix_associate_link_associate_id"))

    op.drop_table("associate_link")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_young_person_id"))
        batch_op.drop_index(batch_op.f("ix_action_meeting_id"))

    op.drop_table("action")
    with op.batch_alter_table("young_person", schema=None) as batch_op:
        batch_op.drop_index("ix_young_person_team")
        batch_op.drop_index("ix_young_person_social_worker")
        batch_op.drop_index("ix_young_person_name")
        batch_op.drop_index("ix_young_person_key_person")

    op.drop_table("young_person")
    op.drop_table("meeting")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_user_at")
        batch_op.drop_index(batch_op.f("ix_audit_entry_young_person_id"))

    op.drop_table("audit_entry")
    op.drop_table("risk_instrument_item")
    op.drop_table("risk_band")
    op.drop_table("app_user")
    op.drop_table("team")
    op.drop_table("risk_instrument")
    op.drop_table("context")
    op.drop_table("associate")
    op.drop_table("app_setting")
