"""The migrations build exactly the schema the models describe, on the test's database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from models import db


def test_migrated_database_has_no_diff_against_the_models(app):
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_migrations_go_down_to_nothing_and_up_again(cbmatch, databases, tmp_path):
    url = databases.empty(tmp_path)
    try:
        assert cbmatch("init", url=url).code == 0
        down = cbmatch("db", "downgrade", "base", url=url)
        assert down.code == 0, down.stderr
        up = cbmatch("init", url=url)
        assert up.code == 0, up.stderr
        assert "195 States" in up.stdout
    finally:
        databases.drop(url)


def test_a_survey_submitted_before_versions_gets_its_first_version(cbmatch, databases, tmp_path):
    from sqlalchemy import select

    from models import SurveyVersion
    from tests.conftest import make_app
    from tests.factories import make_user
    from tests.survey_support import add_need
    from webapp.services.needs import factors, survey

    url = databases.empty(tmp_path)
    try:
        assert cbmatch("init", url=url).code == 0
        app = make_app(url)
        with app.app_context():
            rep = make_user(db.session, email="rep@senegal.example")
            senegal = rep.state
            dims = [d.slug for d in survey.cmm_dimensions(db.session)]
            survey.save_maturity(db.session, senegal, dict.fromkeys(dims, (2, "")), actor=rep)
            factors.save_factors(db.session, senegal, {"D1.1": 2, "D1.2": 3}, {}, actor=rep)
            add_need(db.session, rep)
            survey.submit_survey(db.session, senegal, actor=rep)  # as before versions existed
            submitted_at = survey.get_survey(db.session, senegal).submitted_at
            db.session.commit()
            rep_id = rep.id
            db.session.remove()
            db.engine.dispose()
        down = cbmatch("db", "downgrade", "0017_nsi", url=url)
        assert down.code == 0, down.stderr
        up = cbmatch("db", "upgrade", url=url)
        assert up.code == 0, up.stderr
        with app.app_context():
            [first] = db.session.scalars(select(SurveyVersion)).all()
            assert (first.number, first.submitted_by_id) == (1, rep_id)
            assert first.submitted_at.replace(tzinfo=None) == submitted_at.replace(tzinfo=None)
            assert first.snapshot == {
                "dimensions": {**dict.fromkeys(dims, 2), "policy-strategy": 3},
                "factors": {"D1.1": 2, "D1.2": 3},
            }
            db.session.remove()
            db.engine.dispose()
    finally:
        databases.drop(url)
