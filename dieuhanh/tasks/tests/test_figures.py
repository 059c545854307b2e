"""The tasks' figures for a year: values, the 167/167 on-time rate, and each number equal to the records
its link lists (the same filter)."""

import datetime

import pytest

from dieuhanh.core import figures
from dieuhanh.core.figures import Period
from dieuhanh.tasks.models import Task

D = datetime.date
S = Task.State
YEAR = Period.year(2025)


@pytest.fixture
def year(world):
    def task(name, **fields):
        values = {"title": name, "lead_organization": world.committee, "assigned_on": D(2025, 1, 10), **fields}
        return Task.objects.create(**values)

    done = {"state": S.COMPLETED, "result": "Đã hoàn thành"}
    return {
        "A": task("A", is_key=True, deadline=D(2025, 3, 31), completed_on=D(2025, 3, 30), **done),
        "B": task("B", is_key=True, deadline=D(2025, 6, 30), completed_on=D(2025, 7, 5), **done),
        "C": task("C", is_key=True, deadline=D(2025, 11, 30), state=S.IN_PROGRESS),
        "D": task("D", is_key=True, deadline=D(2026, 2, 1)),
        "E": task("E", is_key=True, deadline=D(2025, 9, 1), state=S.CANCELLED, cancelled_on=D(2025, 5, 1),
                  cancel_reason="Lồng ghép"),
        "F": task("F", deadline=D(2025, 5, 1), completed_on=D(2025, 4, 20), **done),
        "G": task("G", deadline=D(2025, 12, 20), completed_on=D(2026, 1, 10), **done),
        # Another province: never counted for the Điện Biên department.
        "H": task("H", lead_organization=world.other_department, deadline=D(2025, 3, 1), completed_on=D(2025, 3, 1),
                  **done),
    }


def values(user, period=YEAR, **kwargs):
    return {f.key: f.evaluate(user, period, **kwargs) for f in figures.all_figures() if f.key.startswith("tasks.")}


def test_the_year_in_figures(world, year):
    result = values(world.users["specialist"])
    assert result["tasks.assigned"].value == 7
    assert result["tasks.key_assigned"].value == 5
    assert result["tasks.completed_on_time"].value == 2  # A, F
    assert result["tasks.completed_late"].value == 1  # B (G was completed in 2026)
    assert result["tasks.overdue"].value == 2  # C, and G: still open on 31/12/2025
    assert result["tasks.open"].value == 3  # C, G, D
    assert {part.key: part.value for part in result["tasks.open"].parts} == \
        {"overdue": 2, "due_soon": 0, "in_time": 1, "regular": 0}
    key_rate = result["tasks.key_on_time_rate"]
    assert (key_rate.numerator, key_rate.denominator, key_rate.value) == (1, 3, 33.3)  # A of A, B, C
    rate = result["tasks.on_time_rate"]
    assert (rate.numerator, rate.denominator, rate.value) == (2, 5, 40.0)  # A, F of A, B, C, F, G
    following = values(world.users["specialist"], Period.year(2026))
    assert following["tasks.completed_late"].value == 1  # G


def test_167_of_167(world, year):
    # When every key task due is done on time the figure reads n/n, 100 %.
    Task.objects.filter(title__in=["B", "C"]).update(state=S.COMPLETED, completed_on=D(2025, 3, 1), result="x")
    rate = values(world.users["specialist"])["tasks.key_on_time_rate"]
    assert (rate.numerator, rate.denominator, rate.value) == (3, 3, 100.0)
    empty = values(world.users["specialist"], Period.year(2019))["tasks.key_on_time_rate"]
    assert (empty.denominator, empty.value) == (0, None)


def test_every_value_equals_its_drill_down(world, year, client):
    user = world.users["specialist"]
    client.force_login(user)
    for key, value in values(user).items():
        response = client.get(value.url)
        assert response.status_code == 200, value.url
        count = response.context["page"].paginator.count
        assert count == (value.denominator if value.is_ratio else value.value), key
        for part in value.parts:
            assert client.get(part.url).context["page"].paginator.count == part.value, (key, part.key)


def test_units_and_scope(world, year):
    admin = world.users["admin"]
    everywhere = values(admin)["tasks.completed_on_time"].value
    assert everywhere == 3  # A, F and Hà Nội's H
    assert values(admin, unit_ids=[world.province.pk])["tasks.completed_on_time"].value == 2
    assert values(admin, unit_ids=[world.other_province.pk])["tasks.completed_on_time"].value == 1
    officer = values(world.users["other_officer"])
    assert officer["tasks.assigned"].value == 0
    by_organization = values(admin, extra={"organization": world.committee.pk})
    assert by_organization["tasks.assigned"].value == 7


def test_statistics_page_shows_the_ratio(world, year, client):
    client.force_login(world.users["specialist"])
    response = client.get("/statistics/", {"start": "01/01/2025", "at": "31/12/2025"})
    html = response.content.decode()
    assert 'data-figure="tasks.key_on_time_rate"' in html and "1/3" in html
    assert 'data-part="numerator"' in html and 'data-part="denominator"' in html
