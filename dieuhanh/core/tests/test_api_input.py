"""The API's input at its edges (core.api, core.filters): numbers no database column holds, values of
another JSON type than the OpenAPI document's, and datetimes no time zone conversion survives. Each
is bad input (422 naming the field) or matches nothing; none may reach the database driver and fail
there (500). tests/api/test_api_bounds.py tries the same on every operation of every app."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from ninja import Field
from pydantic import ValidationError as PydanticValidationError

from dieuhanh.core import testing
from dieuhanh.core.api import InputSchema, model_bounded_schema, partial_schema
from dieuhanh.core.filters import BIGINT_RANGE, filter_integer_range
from dieuhanh.geo.filters import AdministrativeUnitFilterSet
from dieuhanh.orgs.filters import OrganizationFilterSet, PersonFilterSet
from dieuhanh.orgs.models import Person

pytestmark = pytest.mark.django_db

PAST_64_BITS = [2**63, 10**30, -(2**63) - 1]


@pytest.fixture
def world(db):
    return testing.build_world()


@pytest.fixture
def api(world):
    return Client(raise_request_exception=False, **{"HTTP_" + key.upper(): value
                                                     for key, value in world.token(world.users["admin"]).items()})


def fields_named(response) -> set[str]:
    assert response.status_code == 422, response.content
    return {error["field"] for error in response.json()["detail"]}


# --- integer filters ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value", PAST_64_BITS)
@pytest.mark.parametrize(("path", "name"), [("/api/geo/units/", "parent"),  # NumberFilter on a key
                                            ("/api/orgs/organizations/", "unit"),
                                            ("/api/orgs/people/", "organization")])  # ModelChoiceFilter
def test_a_number_no_column_holds_in_a_filter_is_422_naming_it(api, path, name, value):
    assert fields_named(api.get(path, {name: value})) == {name}


def test_an_id_in_range_that_exists_nowhere_is_422_naming_it_too(api):
    # The look-up by id answers "not one of the choices", as the filter bar does.
    assert fields_named(api.get("/api/orgs/people/", {"organization": 2**62})) == {"organization"}


def test_integer_filters_take_the_range_of_their_column():
    filters = AdministrativeUnitFilterSet.base_filters
    assert filter_integer_range(AdministrativeUnitFilterSet, filters["parent"]) == BIGINT_RANGE  # BigAutoField
    organizations = OrganizationFilterSet.base_filters
    assert filter_integer_range(OrganizationFilterSet, organizations["unit"]) == BIGINT_RANGE
    assert filter_integer_range(PersonFilterSet, PersonFilterSet.base_filters["organization"]) == BIGINT_RANGE
    assert filter_integer_range(PersonFilterSet, PersonFilterSet.base_filters["q"]) is None


def test_the_openapi_document_states_the_bounds_of_integer_filters(api):
    schema = api.get("/api/openapi.json").json()
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/geo/units/"]["get"]["parameters"]}
    integer = next(option for option in parameters["parent"]["anyOf"] if option.get("type") == "integer")
    assert (integer["minimum"], integer["maximum"]) == BIGINT_RANGE


def test_the_filter_bar_ignores_such_a_number_instead_of_failing(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["admin"])
    response = client.get(reverse("geo:administrativeunit_list"), {"parent": 10**30})
    assert response.status_code == 200
    response = client.get(reverse("orgs:organization_list"), {"unit": -(2**63) - 1})
    assert response.status_code == 200


# --- integer fields and ids in bodies ------------------------------------------------------------------

@pytest.mark.parametrize("value", PAST_64_BITS)
def test_an_id_no_column_holds_in_a_body_is_422_naming_the_field(api, world, value):
    response = api.post("/api/orgs/people/", {"full_name": "Lò Văn Tính", "organization": value},
                        content_type="application/json")
    assert fields_named(response) == {"organization"}


def test_input_schemas_are_bounded_by_their_model_fields():
    class PersonIn(InputSchema):
        full_name: str
        organization: int
        organization_list: list[int] = []  # not a field of the model: left as it is

    bounded = model_bounded_schema(PersonIn, Person)
    assert bounded.model_json_schema()["properties"]["organization"]["maximum"] == BIGINT_RANGE[1]
    with pytest.raises(PydanticValidationError):
        bounded(full_name="x", organization=2**63)
    assert bounded(full_name="x", organization_list=[2**70], organization=1).organization_list == [2**70]


def test_patch_schemas_keep_the_limits_of_the_fields():
    class ThingIn(InputSchema):
        name: str = Field(..., min_length=1, max_length=5)
        count: int | None = Field(None, ge=0)

    patch = partial_schema(ThingIn, "ThingPatch")
    assert patch().model_dump(exclude_unset=True) == {}
    for bad in ({"name": ""}, {"name": "x" * 6}, {"count": -1}):
        with pytest.raises(PydanticValidationError):
            patch(**bad)


# --- JSON types -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "value"), [
    ("is_active", 1), ("is_active", "true"),   # a boolean is true or false
    ("organization", "12"), ("organization", True),  # an id is a number
    ("full_name", 12),
])
def test_a_value_of_another_json_type_is_422_naming_the_field(api, world, field, value):
    person = Person.objects.create(full_name="Lò Thị Mai", organization=world.department)
    response = api.patch(f"/api/orgs/people/{person.pk}", {field: value}, content_type="application/json")
    assert fields_named(response) == {field}


@pytest.mark.parametrize("value", [0, "0", "1700000000", 20260302])
def test_a_date_is_text_in_the_documented_format_not_a_number_of_seconds(api, world, value):
    organization = world.department
    response = api.patch(f"/api/orgs/organizations/{organization.pk}", {"valid_from": value},
                         content_type="application/json")
    assert fields_named(response) == {"valid_from"}


def test_python_callers_may_pass_python_values():
    class ThingIn(InputSchema):
        on: datetime.date
        at: datetime.datetime | None = None
        flag: bool = False

    thing = ThingIn(on=datetime.date(2026, 3, 2), at=datetime.datetime(2026, 3, 2, 8, 0), flag=True)
    assert (thing.on, thing.flag) == (datetime.date(2026, 3, 2), True)


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59-07:00", "0001-01-01T00:00:00"])
def test_a_datetime_at_the_ends_of_the_calendar_is_refused_naming_the_field(value):
    class ThingIn(InputSchema):
        at: datetime.datetime

    with pytest.raises(PydanticValidationError) as caught:
        ThingIn(at=value)
    assert caught.value.errors()[0]["loc"] == ("at",)
    assert ThingIn(at="0001-01-03T00:00:00+07:00").at.year == 1


@pytest.mark.parametrize(("path", "name", "value"), [
    ("/api/orgs/people/", "is_active", "0"), ("/api/orgs/people/", "is_active", "no"),  # true or false
    ("/api/geo/units/", "valid_on", "0.0"), ("/api/geo/units/", "valid_on", "1700000000"),  # not seconds
    ("/api/core/notifications", "unread", "1"),
])
def test_a_query_parameter_of_another_type_is_422_naming_it(api, path, name, value):
    assert fields_named(api.get(path, {name: value})) == {name}


def test_query_parameters_of_the_documented_type_are_taken(api, world):
    Person.objects.create(full_name="Lò Thị Mai", organization=world.department, is_active=False)
    assert api.get("/api/orgs/people/", {"is_active": "false"}).json()["count"] == 1
    assert api.get("/api/orgs/people/", {"is_active": "true"}).json()["count"] == 0
    assert api.get("/api/geo/units/", {"valid_on": "2025-06-30", "limit": 1}).status_code == 200
    assert api.get("/api/core/notifications", {"unread": "true"}).status_code == 200


def test_a_datetime_with_any_offset_comes_in_the_site_time_zone():
    # RFC 3339 allows offsets up to ±23:59; PostgreSQL refuses any past ±15:59 (it was a 500).
    class ThingIn(InputSchema):
        at: datetime.datetime

    at = ThingIn(at="2026-03-02T08:00:00+20:59").at
    assert at == datetime.datetime(2026, 3, 1, 11, 1, tzinfo=datetime.UTC)  # the same instant
    assert at.utcoffset() == datetime.timedelta(hours=7)  # Asia/Ho_Chi_Minh
    naive = ThingIn(at="2026-03-02T08:00:00").at
    assert naive.tzinfo is None  # Django reads it in the site's time zone, as from a form
