"""The figures registry: a figure's value equals the count of the records its drill-down lists."""

import datetime

import pytest
from django.core.management import call_command

from dieuhanh.core import figures
from dieuhanh.core.figures import Period


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    from dieuhanh.orgs.models import User

    return User.objects.get(username="demo_specialist")


def test_units_in_force_match_the_reform_figures(demo):
    value = figures.get("geo.units_in_force").evaluate(demo, Period(end=datetime.date(2026, 1, 1)))
    parts = {p.key: p.value for p in value.parts}
    assert parts["province"] == 34 and parts["commune"] == 3321 and parts["district"] == 0
    before = figures.get("geo.units_in_force").evaluate(demo, Period(end=datetime.date(2024, 1, 1)))
    parts = {p.key: p.value for p in before.parts}
    assert parts["province"] == 63 and parts["district"] == 696 and parts["commune"] == 10051


def test_every_figure_value_equals_its_drill_down_list(client, demo):
    client.force_login(demo)
    for figure in figures.all_figures():
        value = figure.evaluate(demo, Period(end=datetime.date(2026, 1, 1)))
        response = client.get(value.url)
        assert response.status_code == 200, value.url
        # A ratio's link is its denominator's records (its numerator's are its first part, checked below).
        records = value.denominator if value.is_ratio else _records(figure, demo, value.value, value.params)
        assert response.context["page"].paginator.count == records, figure.key
        if value.is_ratio:
            assert value.value == (round(100 * value.numerator / value.denominator, figure.decimals)
                                   if value.denominator else None), figure.key
        for part in value.parts:
            response = client.get(part.url)
            expected = part.value if value.is_ratio else _records(
                figure, demo, part.value, {**value.params, figure.breakdown[0]: part.key} if figure.breakdown else {})
            assert response.context["page"].paginator.count == expected, (figure.key, part.key)


def _records(figure, user, value, params):
    """How many records a drill-down lists: the value itself for a count; for a sum (money spent)
    the records it adds up, whose sum must be the value."""
    if figure.aggregate == "count":
        return value
    from django.db.models import Sum

    records = figure.records(user, params)
    assert (records.aggregate(total=Sum(figure.aggregate.split(":", 1)[1]))["total"] or 0) == value, figure.key
    return records.count()


def test_organisation_figure_respects_scope(demo, make_user):
    from dieuhanh.orgs.models import Organization

    officer = make_user("officer", organization=Organization.objects.get(code="SKHCN-T11"))
    specialist_total = figures.get("orgs.organizations").evaluate(demo).value
    officer_total = figures.get("orgs.organizations").evaluate(officer).value
    assert officer_total == 1 < specialist_total


def test_statistics_page_links_each_number(client, demo):
    client.force_login(demo)
    response = client.get("/statistics/", {"at": "01/01/2026"})
    html = response.content.decode()
    assert 'data-figure="geo.units_in_force"' in html and "valid_on=01%2F01%2F2026" in html
    assert client.get("/statistics/", {"at": "31/02/2026"}).context["errors"]


def test_ratio_figure_divides_two_figures_with_their_drill_downs(db, make_user, client):
    from dieuhanh.core.figures import Figure, RatioFigure
    from dieuhanh.geo.models import AdministrativeUnit
    from dieuhanh.orgs.filters import OrganizationFilterSet
    from dieuhanh.orgs.models import Organization

    province = AdministrativeUnit.objects.get(level="province", code="11", valid_until__isnull=True)
    for number, kind in enumerate(["department", "department", "press", "telecom"]):
        Organization.objects.create(name=f"Cơ quan {number}", kind=kind, unit=province)
    common = {"unit": "organisations", "model": Organization, "filterset": OrganizationFilterSet,
              "list_url_name": "orgs:organization_list"}
    share = RatioFigure(key="test.department_share", label="Departments among organisations",
                        numerator=Figure(key="n", label="departments", fixed_params={"kind": "department"}, **common),
                        denominator=Figure(key="d", label="organisations", **common))
    admin = make_user("admin")
    value = share.evaluate(admin)
    assert (value.numerator, value.denominator, value.value, value.is_ratio) == (2, 4, 50.0, True)
    assert value.url == value.parts[1].url and share.model is Organization
    client.force_login(admin)
    for part in value.parts:
        assert client.get(part.url).context["page"].paginator.count == part.value
    Organization.objects.all().delete()
    assert share.evaluate(admin).value is None  # no rate rather than 0 % of nothing


def test_value_and_breakdown_come_from_one_query(db, make_user):
    """When a figure's breakdown puts each record in one group, its value is the groups' total: one
    aggregate query gives both (a statistics page evaluates many figures). Otherwise, a breakdown
    through a relation, the value is counted on its own, and both stay right."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dieuhanh.core.figures import Figure
    from dieuhanh.orgs.filters import OrganizationFilterSet
    from dieuhanh.orgs.models import Organization

    admin = make_user("admin")
    at = Period(end=datetime.date(2026, 1, 1))
    units = figures.get("geo.units_in_force")
    units.evaluate(admin, at)
    with CaptureQueriesContext(connection) as captured:
        value = units.evaluate(admin, at)
    assert len(captured) == 1, [q["sql"] for q in captured]
    assert value.value == units.records(admin, value.params).count() == sum(part.value for part in value.parts)

    from dieuhanh.geo.models import AdministrativeUnit

    province = AdministrativeUnit.objects.get(level="province", code="11", valid_until__isnull=True)
    commune = AdministrativeUnit.objects.filter(province=province, level="commune", valid_until__isnull=True).first()
    for number, unit in enumerate([province, province, commune]):
        Organization.objects.create(name=f"Cơ quan {number}", kind="department", unit=unit)
    # Grouped through the unit (a relation): its links do not matter here, only how it is counted.
    by_level = Figure(key="test.by_unit_level", label="Organisations", unit="organisations", model=Organization,
                      filterset=OrganizationFilterSet, list_url_name="orgs:organization_list",
                      breakdown=("kind", "unit__level"))
    with CaptureQueriesContext(connection) as captured:
        value = by_level.evaluate(admin)
    assert len(captured) == 2
    assert value.value == 3 and {part.key: part.value for part in value.parts} == {"commune": 1, "province": 2}
