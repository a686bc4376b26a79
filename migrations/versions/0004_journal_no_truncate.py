"""journal: refuse TRUNCATE (PostgreSQL)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 07:00:00.000000

The row triggers of 0002 refuse UPDATE and DELETE, but TRUNCATE fires no row trigger: on
PostgreSQL it emptied the journal. A statement-level trigger refuses it. SQLite has no
TRUNCATE; its unqualified DELETE (the "truncate optimisation") is not used on a table with
triggers, so 0002's row trigger already refuses it.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        # journal_append_only() (0002) raises whatever the event: fit for a statement trigger
        op.execute(
            "CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal "
            "FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only();"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS journal_no_truncate ON journal")
