"""snapshots of frozen editions, publication (incomplete, withdrawn), the catalogue, the
establishment's tools

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-02 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0002'
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
    with op.batch_alter_table('catalogue_entry', schema=None) as batch_op:
        batch_op.create_index('ix_catalogue_published', ['published_at'], unique=False)
        batch_op.create_index('ix_catalogue_verdict_published', ['verdict', 'published_at'], unique=False)
        batch_op.create_index('ix_catalogue_category_published', ['category', 'published_at'], unique=False)
        batch_op.create_index('ix_catalogue_grid_published', ['grid_id', 'grid_version', 'published_at'], unique=False)
        batch_op.create_index('ix_catalogue_blockers', ['blockers_count'], unique=False)
        batch_op.create_index('ix_catalogue_service_name', ['service_name'], unique=False)
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
        batch_op.drop_index('ix_catalogue_service_name')
        batch_op.drop_index('ix_catalogue_blockers')
        batch_op.drop_index('ix_catalogue_grid_published')
        batch_op.drop_index('ix_catalogue_category_published')
        batch_op.drop_index('ix_catalogue_verdict_published')
        batch_op.drop_index('ix_catalogue_published')
    op.drop_table('catalogue_entry')
    # Plain ALTER TABLE (SQLite >= 3.35 and PostgreSQL): a batch copy of ``assessment`` would
    # drop the table that ``answer`` references, which SQLite's foreign keys refuse.
    for column in ('withdrawn_at', 'incomplete_ack', 'snapshot'):
        op.execute(f'ALTER TABLE assessment DROP COLUMN {column}')
