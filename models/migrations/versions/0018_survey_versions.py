"""Each submission of a State's survey is kept as a dated version with a snapshot of its maturity

Revision ID: 0018_survey_versions
Revises: 0017_nsi
Create Date: 2026-12-06 15:00:00

A survey submitted before this revision gets its first version: the maturity it has now (each
CMM dimension's stage and each rated factor's stage), dated when it was submitted.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0018_survey_versions'
down_revision = '0017_nsi'
branch_labels = None
depends_on = None


def upgrade():
    version = op.create_table(
        "survey_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["state_id"], ["state.id"],
                                name=op.f("fk_survey_version_state_id_state")),
        sa.ForeignKeyConstraint(["submitted_by_id"], ["user.id"],
                                name=op.f("fk_survey_version_submitted_by_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_version")),
        sa.UniqueConstraint("state_id", "number", name=op.f("uq_survey_version_state_id")),
    )
    with op.batch_alter_table("survey_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_version_state_id"), ["state_id"], unique=False)
    _first_versions(version)


def _first_versions(version):
    """Version 1 of every survey already submitted, from its maturity as it stands."""
    conn = op.get_bind()
    when = sa.DateTime(timezone=True)  # typed, so that SQLite's text comes back as datetimes
    surveys = conn.execute(sa.text(
        "SELECT state_id, submitted_at, updated_by_id, created_at FROM survey "
        "WHERE status = 'submitted'"
    ).columns(state_id=sa.Integer(), submitted_at=when, updated_by_id=sa.Integer(),
              created_at=when)).all()
    rows = []
    for state_id, submitted_at, by, created_at in surveys:
        dims = conn.execute(sa.text(
            "SELECT d.slug, m.stage FROM maturity_assessment m JOIN dimension d "
            "ON d.id = m.dimension_id WHERE m.state_id = :s AND d.cmm ORDER BY d.position"
        ), {"s": state_id}).all()
        factors = conn.execute(sa.text(
            "SELECT f.code, r.stage FROM factor_rating r JOIN factor f ON f.id = r.factor_id "
            "WHERE r.state_id = :s ORDER BY f.code"
        ), {"s": state_id}).all()
        rows.append({
            "state_id": state_id, "number": 1, "submitted_at": submitted_at or created_at,
            "submitted_by_id": by, "reminded_at": None,
            "snapshot": {"dimensions": {slug: stage for slug, stage in dims},
                         "factors": {code: stage for code, stage in factors}},
        })
    if rows:
        op.bulk_insert(version, rows)


def downgrade():
    with op.batch_alter_table("survey_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_version_state_id"))
    op.drop_table("survey_version")
