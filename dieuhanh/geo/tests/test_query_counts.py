"""Queries per request must not grow with the rows shown: the unit list page and API (bench/run.py).

Units are reference data loaded once per session, so instead of adding rows the test asks for a
search with a handful of matches, then for a full page: the second request must issue exactly the
number of queries measured for the first. Rows show their parent unit and province, so a column
that forgot its `select_related` shows up as extra queries.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dieuhanh.core import testing
from dieuhanh.geo.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

ROLES = ("admin", "specialist", "officer")


@pytest.fixture
def world(db):
    return testing.build_world()


def few_and_many(world):
    """Two searches without diacritics, with the same filters: one matches a handful of units of
    the legacy province of Điện Biên, the other fills a page."""
    legacy_dien_bien = AdministrativeUnit.objects.get(level="province", code="11", valid_until__isnull=False)
    return ({"q": "muong phang", "province": legacy_dien_bien.pk},
            {"q": "xa", "province": legacy_dien_bien.pk})


def measure(client, url, params, headers=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params, headers=headers)
    assert response.status_code == 200, response.content[:300]
    return response, len(queries)


@pytest.mark.parametrize("role", ROLES)
def test_unit_list_page_queries_do_not_grow_with_rows(world, client, role, django_assert_num_queries):
    client.force_login(world.users[role])
    url = "/geo/units/"
    few_params, many_params = few_and_many(world)
    client.get(url, few_params)  # warm-up: session, content types, translations
    response, few = measure(client, url, few_params)
    few_rows = len(response.context["rows"])
    assert 1 <= few_rows <= 5
    with django_assert_num_queries(few):
        response = client.get(url, {**many_params, "per_page": 50})
    rows = [obj for obj, _cells in response.context["rows"]]
    assert len(rows) == 50
    # The rows really do reach two other units each (the columns that need select_related).
    assert all(unit.parent_id and unit.province_id for unit in rows)


@pytest.mark.parametrize("role", ROLES)
def test_unit_list_page_queries_do_not_grow_with_page_size(world, client, role, django_assert_num_queries):
    client.force_login(world.users[role])
    url = "/geo/units/"
    params = {"level": "commune"}
    client.get(url, params)
    response, small = measure(client, url, {**params, "per_page": 25})
    assert len(response.context["rows"]) == 25
    with django_assert_num_queries(small):
        response = client.get(url, {**params, "per_page": 500})
    assert len(response.context["rows"]) == 500


@pytest.mark.parametrize("role", ROLES)
def test_unit_api_list_queries_do_not_grow_with_rows(world, client, role, django_assert_num_queries):
    headers = world.token(world.users[role])
    url = "/api/geo/units/"
    few_params, many_params = few_and_many(world)
    client.get(url, few_params, headers=headers)  # warm-up: the token's last-used stamp
    response, few = measure(client, url, {**few_params, "limit": 5}, headers)
    assert 1 <= len(response.json()["items"]) <= 5
    with django_assert_num_queries(few):
        response = client.get(url, {**many_params, "limit": 40}, headers=headers)
    assert response.status_code == 200
    assert len(response.json()["items"]) == 40
