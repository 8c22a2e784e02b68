"""user.locale: the interface language a signed-in user chose

Revision ID: 0009_user_locale
Revises: 0008_change_times
Create Date: 2026-12-06 05:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009_user_locale'
down_revision = '0008_change_times'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("locale")
