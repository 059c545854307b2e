"""Queries per request must not grow with the rows shown (the benchmark's list pages, bench/run.py).

Each list is requested as in the benchmark (searched, filtered by kind and province) once with 5
matching rows, and again after 35 more rows were added: the second request must issue exactly the
number of queries measured for the first. Rows reference their unit, parent organisation and
organisation, so a column that forgot its `select_related` shows up as extra queries. The detail
page of an organisation must not grow with its sub-organisations, people and predecessors either.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dieuhanh.core import testing
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.orgs.models import Organization, Person

pytestmark = pytest.mark.django_db

FEW, MANY = 5, 40
ROLES = ("admin", "specialist", "officer")
# A generous ceiling for the detail page: today it needs about 15 queries; a page that needed twice
# that would have picked up a per-row query or a new unbatched lookup.
DETAIL_MAX_QUERIES = 30


@pytest.fixture
def world(db):
    return testing.build_world()


def communes(world, n):
    """n distinct communes of the world's province, so each row joins a different unit."""
    units = list(AdministrativeUnit.objects.filter(province=world.province, level="commune",
                                                   valid_until__isnull=True).order_by("code")[:n])
    assert len(units) == n
    return units


def add_enterprises(world, start, count):
    """IT enterprises under the world's committee (so every role here has them in scope), each in
    its own commune. Without `select_related`, even a shared parent costs one query per row."""
    return [Organization.objects.create(name=f"Công ty TNHH Phần mềm Sao Việt {number:02d}",
                                        kind=Organization.Kind.IT_ENTERPRISE, unit=unit, parent=world.committee)
            for number, unit in enumerate(communes(world, start + count)[start:], start=start)]


def add_people(organizations, start):
    for number, organization in enumerate(organizations, start=start):
        Person.objects.create(full_name=f"Nguyễn Thị Hương {number:02d}", position="Giám đốc",
                              organization=organization)


def measure(client, url, params, rows_of, expected_rows, headers=None):
    """The number of queries of one request, which must answer 200 with `expected_rows` rows."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params, headers=headers)
    assert response.status_code == 200, response.content[:300]
    assert rows_of(response) == expected_rows
    return len(queries)


def page_rows(response):
    return len(response.context["rows"])


def api_rows(response):
    return len(response.json()["items"])


def org_list_params(world):
    return {"q": "sao viet", "kind": Organization.Kind.IT_ENTERPRISE, "province": world.province.pk}


@pytest.mark.parametrize("role", ROLES)
def test_organisation_list_page_queries_do_not_grow_with_rows(world, client, role, django_assert_num_queries):
    client.force_login(world.users[role])
    url, params = "/orgs/organizations/", org_list_params(world)
    add_enterprises(world, 0, FEW)
    client.get(url, params)  # warm-up: session, content types, translations
    few = measure(client, url, params, page_rows, FEW)
    add_enterprises(world, FEW, MANY - FEW)
    with django_assert_num_queries(few):
        response = client.get(url, params)
    assert page_rows(response) == MANY


@pytest.mark.parametrize("role", ROLES)
def test_organisation_api_list_queries_do_not_grow_with_rows(world, client, role, django_assert_num_queries):
    headers = world.token(world.users[role])
    url, params = "/api/orgs/organizations/", {**org_list_params(world), "limit": 50}
    add_enterprises(world, 0, FEW)
    client.get(url, params, headers=headers)  # warm-up: the token's last-used stamp
    few = measure(client, url, params, api_rows, FEW, headers)
    add_enterprises(world, FEW, MANY - FEW)
    with django_assert_num_queries(few):
        response = client.get(url, params, headers=headers)
    assert response.status_code == 200
    assert api_rows(response) == MANY


@pytest.mark.parametrize("role", ROLES)
def test_person_list_page_queries_do_not_grow_with_rows(world, client, role, django_assert_num_queries):
    client.force_login(world.users[role])
    url, params = "/orgs/people/", {"q": "nguyen thi huong"}
    add_people(add_enterprises(world, 0, FEW), 0)
    client.get(url, params)
    few = measure(client, url, params, page_rows, FEW)
    add_people(add_enterprises(world, FEW, MANY - FEW), FEW)
    with django_assert_num_queries(few):
        response = client.get(url, params)
    assert page_rows(response) == MANY


@pytest.mark.parametrize("role", ROLES)
def test_person_api_list_queries_do_not_grow_with_rows(world, client, role, django_assert_num_queries):
    headers = world.token(world.users[role])
    url, params = "/api/orgs/people/", {"q": "nguyen thi huong", "limit": 50}
    add_people(add_enterprises(world, 0, FEW), 0)
    client.get(url, params, headers=headers)
    few = measure(client, url, params, api_rows, FEW, headers)
    add_people(add_enterprises(world, FEW, MANY - FEW), FEW)
    with django_assert_num_queries(few):
        response = client.get(url, params, headers=headers)
    assert api_rows(response) == MANY


def detail_queries(client, organization):
    url = organization.get_absolute_url()
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ("admin", "specialist"))
def test_organisation_detail_page_is_bounded(world, client, role, django_assert_max_num_queries):
    client.force_login(world.users[role])
    department = world.department
    # One of each related row first...
    first = add_enterprises(world, 0, 1)[0]
    first.parent = department
    first.save()
    add_people([department], 0)
    predecessor = Organization.objects.create(name="Sở Thông tin và Truyền thông tỉnh Điện Biên",
                                              kind=Organization.Kind.DEPARTMENT, unit=department.unit,
                                              successor=department)
    few = detail_queries(client, department)
    # ... then many: sub-organisations in different units, people, predecessors and history.
    for number, unit in enumerate(communes(world, 30), start=1):
        Organization.objects.create(name=f"Trung tâm Văn hóa - Thông tin {number:02d}",
                                    kind=Organization.Kind.BROADCASTER, unit=unit, parent=department)
    add_people([department] * 30, 1)
    for number in range(5):
        Organization.objects.create(name=f"Sở cũ {number}", kind=Organization.Kind.DEPARTMENT,
                                    unit=department.unit, successor=department)
    for number in range(10):
        department.phone = f"0215 3825 {number:03d}"
        department.save()
    with django_assert_max_num_queries(min(few, DETAIL_MAX_QUERIES)):
        response = client.get(department.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Trung tâm Văn hóa - Thông tin 30" in body
    assert "Nguyễn Thị Hương 30" in body
    assert predecessor.name in body
    assert few <= DETAIL_MAX_QUERIES
