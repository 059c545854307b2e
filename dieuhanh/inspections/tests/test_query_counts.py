"""The pages that list an inspection's records, and the statistics, do not grow in queries with the
records (the lists themselves are covered by the standard tests)."""

import datetime

import pytest
from django.urls import reverse

from dieuhanh.core import testing
from dieuhanh.core.testing import count_queries

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return testing.build_world()


def add_subjects(world, inspection, n):
    for _ in range(n):
        subject = f.subject(world.committee, inspection=inspection)
        violation = f.violation(world.committee, subject=subject)
        sanction = f.sanction(world.committee, subject=subject)
        assert list(sanction.violations.all()) == [violation]
        f.payment(world.committee, sanction=sanction)
        f.confiscation(world.committee, sanction=sanction)


@pytest.mark.parametrize("role", ["specialist", "officer"])
def test_inspection_page_queries_do_not_grow(world, client, role):
    inspection = f.inspection(world.committee)
    client.force_login(world.users[role])
    add_subjects(world, inspection, 2)
    client.get(inspection.get_absolute_url())
    response, few = count_queries(lambda: client.get(inspection.get_absolute_url()))
    assert len(response.context["subjects"]) == 2
    add_subjects(world, inspection, 6)
    response, many = count_queries(lambda: client.get(inspection.get_absolute_url()))
    assert len(response.context["subjects"]) == 8 and len(response.context["sanctions"]) == 8
    testing.assert_queries_do_not_grow((2, few), (8, many))


def test_plan_page_queries_do_not_grow(world, client):
    plan = f.plan(world.department)
    client.force_login(world.users["specialist"])

    def grow(n):
        for _ in range(n):
            item = f.planned(world.department, plan=plan)
            f.inspection(world.department, plan_item=item, started_on=datetime.date(2024, 3, 1))

    grow(3)
    client.get(plan.get_absolute_url())
    response, few = count_queries(lambda: client.get(plan.get_absolute_url()))
    grow(9)
    response, many = count_queries(lambda: client.get(plan.get_absolute_url()))
    assert response.context["progress"].in_progress == 12
    testing.assert_queries_do_not_grow((3, few), (12, many))


def test_statistics_queries_do_not_grow(world, client):
    client.force_login(world.users["specialist"])
    url = reverse("inspections:statistics")
    params = {"year": 2024, "unit": world.province.pk}
    inspection = f.inspection(world.department)
    add_subjects(world, inspection, 2)
    client.get(url, params)
    _response, few = count_queries(lambda: client.get(url, params))
    add_subjects(world, f.inspection(world.department), 8)
    _response, many = count_queries(lambda: client.get(url, params))
    testing.assert_queries_do_not_grow((2, few), (10, many))
