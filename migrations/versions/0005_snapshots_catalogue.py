"""snapshots of frozen editions, publication (incomplete, withdrawn), the catalogue, the
establishment's tools

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('snapshot', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('incomplete_ack', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))

    op.create_table('catalogue_entry',
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('service_name', sa.String(length=200), nullable=False),
    sa.Column('vendor_name', sa.String(length=200), nullable=False),
    sa.Column('search_text', sa.String(length=420), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=False),
    sa.Column('grid_id', sa.String(length=64), nullable=False),
    sa.Column('grid_version', sa.String(length=32), nullable=False),
    sa.Column('grid_status', sa.String(length=16), nullable=False),
    sa.Column('edition', sa.Integer(), nullable=False),
    sa.Column('verdict', sa.String(length=16), nullable=False),
    sa.Column('blockers_count', sa.Integer(), nullable=False),
    sa.Column('incomplete', sa.Boolean(), nullable=False),
    sa.Column('maturity', sa.Float(), nullable=True),
    sa.Column('conformity_rate', sa.Float(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], ),
    sa.PrimaryKeyConstraint('assessment_id'),
    sa.UniqueConstraint('service_id')
    )
    # One index per sort of the catalogue, in its ORDER BY's exact order (see the model).
    postgresql = op.get_bind().dialect.name == 'postgresql'
    sorts = {
        'ix_catalogue_sort_recent': ['published_at DESC', 'assessment_id DESC'],
        'ix_catalogue_sort_name': ['service_name', 'assessment_id'],
        'ix_catalogue_sort_maturity': [
            'maturity DESC NULLS LAST' if postgresql else 'maturity DESC', 'assessment_id DESC'],
        'ix_catalogue_sort_blockers': ['blockers_count', 'assessment_id DESC'],
        'ix_catalogue_sort_deadline': [
            'deadline NULLS LAST' if postgresql else 'deadline', 'assessment_id DESC'],
    }
    for name, columns in sorts.items():
        op.create_index(name, 'catalogue_entry', [sa.text(c) for c in columns], unique=False)
    with op.batch_alter_table('catalogue_entry', schema=None) as batch_op:
        batch_op.create_index('ix_catalogue_grid', ['grid_id', 'grid_version'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalogue_entry_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('catalogue_maturity',
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('referentiel_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('maturity', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['catalogue_entry.assessment_id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assessment_id', 'referentiel_id')
    )
    with op.batch_alter_table('catalogue_maturity', schema=None) as batch_op:
        batch_op.create_index('ix_catalogue_maturity_value', ['referentiel_id', 'maturity', 'assessment_id'], unique=False)

    op.create_table('establishment_tool',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['added_by_id'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('organisation_id', 'service_id', name='uq_establishment_tool')
    )
    with op.batch_alter_table('establishment_tool', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_establishment_tool_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('establishment_tool', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_establishment_tool_organisation_id'))
    op.drop_table('establishment_tool')
    with op.batch_alter_table('catalogue_maturity', schema=None) as batch_op:
        batch_op.drop_index('ix_catalogue_maturity_value')
    op.drop_table('catalogue_maturity')
    with op.batch_alter_table('catalogue_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalogue_entry_organisation_id'))
        batch_op.drop_index('ix_catalogue_grid')
    for name in ('ix_catalogue_sort_deadline', 'ix_catalogue_sort_blockers',
                 'ix_catalogue_sort_maturity', 'ix_catalogue_sort_name', 'ix_catalogue_sort_recent'):
        op.drop_index(name, table_name='catalogue_entry')
    op.drop_table('catalogue_entry')
    # Plain ALTER TABLE (SQLite >= 3.35 and PostgreSQL): a batch copy of ``assessment`` would
    # drop the table that ``answer`` references, which SQLite's foreign keys refuse.
    for column in ('withdrawn_at', 'incomplete_ack', 'snapshot'):
        op.execute(f'ALTER TABLE assessment DROP COLUMN {column}')
