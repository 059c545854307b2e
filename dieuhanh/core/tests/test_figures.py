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
        assert response.context["page"].paginator.count == value.value, figure.key
        for part in value.parts:
            response = client.get(part.url)
            assert response.context["page"].paginator.count == part.value, (figure.key, part.key)


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
