"""Roles and the toolkit."""

from datetime import date

from experience.models import Role


def test_role_dates_read_as_months():
    assert Role(start_date=date(2023, 10, 1)).period == "Oct 2023 – Present"
    assert (
        Role(start_date=date(2023, 1, 1), end_date=date(2023, 6, 1)).period == "Jan 2023 – Jun 2023"
    )
