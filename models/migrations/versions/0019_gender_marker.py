"""An offer's OECD DAC gender equality policy marker (0, 1, 2; none: not screened)

Revision ID: 0019_gender_marker
Revises: 0018_survey_versions
Create Date: 2026-12-06 15:20:00

Existing offers were never screened: the column starts empty rather than claiming 0.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0019_gender_marker'
down_revision = '0018_survey_versions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("offer") as batch:
        batch.add_column(sa.Column("gender_marker", sa.SmallInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table("offer") as batch:
        batch.drop_column("gender_marker")
