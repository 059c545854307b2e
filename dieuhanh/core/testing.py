"""Generated standard tests for a model's pages and REST endpoints (NetBox's ViewTestCases, small).

A test module subclasses the mixins below, says which model and how to make a record owned by an
organisation, and pytest collects a standard set of tests: list, detail, create, edit, delete and
restore, bad input naming the field, anonymous, a role without the permission, another unit, CSV and
XLSX export, list query counts that do not grow with the rows, and the same for the API (token auth,
read-only tokens, 401/403/404/422 as JSON). Every generated test runs in one small scenario:

    world.province          Tỉnh Điện Biên (code 11, in force)
    world.department        a Sở of Điện Biên: the leader, specialist and viewer act for it
    world.committee         the People's Committee of a Điện Biên commune: the officer acts for it
    world.other_committee   the committee of another Điện Biên commune: other_officer acts for it
    world.other_province    Thành phố Hà Nội (code 01)
    world.other_department  a Sở of Hà Nội: other_specialist acts for it
    world.users[role]       admin (acts for no organisation), leader, specialist, officer, viewer,
                            other_officer, other_specialist

Records owned by `world.committee` are in scope for every home role; records owned by
`world.other_department` are out of scope for all of them but the administrator. Usage::

    from dieuhanh.core import testing
    from dieuhanh.orgs.models import Person

    class PersonCase:
        model = Person
        edited_field = "full_name"        # a required text field: the edit tests change it, the
                                          # bad-input tests blank it (override invalid_* otherwise)
        owner_field = "organization"      # the field that links a record to its owner

        def make(self, world, owner):     # a saved record owned by `owner`
            return Person.objects.create(full_name=world.unique("Nguyễn Văn An"), organization=owner)

    class TestPersonPages(PersonCase, testing.ViewTests):
        def form_data(self, world, owner):   # valid POST data for a record owned by `owner`
            return {"full_name": world.unique("Trần Thị Bình"), "organization": owner.pk, "is_active": "on"}

    class TestPersonApi(PersonCase, testing.ApiTests):
        api_path = "/api/orgs/people/"

        def api_payload(self, world, owner):  # valid JSON for a record owned by `owner`
            return {"full_name": world.unique("Lê Văn Cường"), "organization": owner.pk}

Reference data that nobody writes through the UI uses `ReadViewTests` / `ReadApiTests` (`make` then
returns an existing record and `list_params` narrows the list to one page). Tests that take `role`
run once per role in `actor_roles`; redefine a test in the subclass to change it for one model.
URLs follow `core.generic.url_name()` (`app:model_list`, `_detail`, `_add`, `_edit`, `_delete`).
"""

from __future__ import annotations

import csv
import difflib
import io
import itertools
import json
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from . import changelog, scoping
from .generic import url_name
from .roles import CHANGE, DELETE

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOME_ROLES = ("admin", "leader", "specialist", "officer", "viewer")


# --- the scenario ------------------------------------------------------------------------------------

@dataclass
class World:
    """The units, organisations and accounts every standard test runs against (see the module doc)."""

    province: object
    other_province: object
    department: object
    committee: object
    other_committee: object
    other_department: object
    users: dict = field(default_factory=dict)
    _counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def unique(self, text: str) -> str:
        """`text` with a number no other call in this world gets (so names never collide)."""
        return f"{text} #{next(self._counter)}"

    def own_org(self, role: str):
        """The organisation whose records are 'own unit' for a role (the admin's: the department)."""
        return self.committee if role == "officer" else self.department

    def other_org(self, role: str):
        """Another unit for a role: another commune's committee for an officer, another province otherwise."""
        return self.other_committee if role == "officer" else self.other_department

    def token(self, user, write: bool = True) -> dict:
        """Headers that authenticate as `user` with a new personal API token."""
        from .models import APIToken

        key = APIToken.generate_key()
        token = APIToken(user=user, name=self.unique("test"), write_enabled=write)
        token.set_key(key)
        token.save()
        return {"Authorization": f"Bearer {key}"}


def build_world() -> World:
    """Create the scenario from the real units loaded by conftest (needs the `db` fixture)."""
    # Imported here: core knows no app at import time; only this test helper looks at geo and orgs.
    from dieuhanh.geo.models import AdministrativeUnit
    from dieuhanh.orgs.models import Organization, User

    current = AdministrativeUnit.objects.filter(valid_until__isnull=True)
    province = current.get(level=AdministrativeUnit.Level.PROVINCE, code="11")
    other_province = current.get(level=AdministrativeUnit.Level.PROVINCE, code="01")
    commune, other_commune = current.filter(level=AdministrativeUnit.Level.COMMUNE,
                                            province=province).order_by("code")[:2]
    kind = Organization.Kind

    def org(name, kind_, unit):
        return Organization.objects.create(name=name, kind=kind_, unit=unit)

    world = World(
        province=province,
        other_province=other_province,
        department=org("Sở Khoa học và Công nghệ tỉnh Điện Biên", kind.DEPARTMENT, province),
        committee=org(f"Ủy ban nhân dân {commune.full_name}", kind.PEOPLES_COMMITTEE, commune),
        other_committee=org(f"Ủy ban nhân dân {other_commune.full_name}", kind.PEOPLES_COMMITTEE, other_commune),
        other_department=org("Sở Khoa học và Công nghệ thành phố Hà Nội", kind.DEPARTMENT, other_province),
    )
    accounts = {
        "admin": ("admin", None),
        "leader": ("leader", world.department),
        "specialist": ("specialist", world.department),
        "viewer": ("viewer", world.department),
        "officer": ("officer", world.committee),
        "other_officer": ("officer", world.other_committee),
        "other_specialist": ("specialist", world.other_department),
    }
    for name, (role, organization) in accounts.items():
        user = User(username=f"w_{name}", role=role, organization=organization,
                    is_superuser=role == "admin", is_staff=role == "admin")
        user.set_unusable_password()  # tests sign in with force_login; hashing would only cost time
        user.save()
        world.users[name] = user
    return world


# --- small helpers -----------------------------------------------------------------------------------

def reload(obj):
    """The record as stored now, soft-deleted or not."""
    return type(obj)._base_manager.get(pk=obj.pk)


def snapshot(obj) -> dict:
    return changelog.serialize(reload(obj))


def changes(obj, action: str):
    from django.contrib.contenttypes.models import ContentType

    from .models import ObjectChange

    ct = ContentType.objects.get_for_model(type(obj), for_concrete_model=False)
    return ObjectChange.objects.filter(content_type=ct, object_id=obj.pk, action=action)


def link(obj) -> str:
    """How a page links to a record (the closing quote keeps /5/ from matching /51/)."""
    return f'href="{obj.get_absolute_url()}"'


def listed(response) -> set[int]:
    """The ids of the rows a list page shows."""
    assert response.status_code == 200, response.status_code
    return {obj.pk for obj, _cells in response.context["rows"]}


def assert_login_redirect(response, what: str = "") -> None:
    assert response.status_code == 302, f"{what}: expected a redirect to sign in, got {response.status_code}"
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), f"{what}: {response['Location']}"


def form_errors(response):
    context = getattr(response, "context", None)
    form = context.get("form") if context else None
    return form.errors if form is not None else response.status_code


def call(client, method: str, path: str, payload=None, headers=None):
    """An API request: JSON body for writes, token headers from `World.token()`."""
    kwargs = {"headers": headers or {}}
    if payload is not None:
        kwargs.update(data=json.dumps(payload, default=str), content_type="application/json")
    return getattr(client, method.lower())(path, **kwargs)


class UploadedPdf:
    """A small PDF for multipart form data (attachment uploads in the matrix and in tests). The test client
    reads a file without seeking back, so this one gives its whole content on every read."""

    name = "Báo cáo kết quả.pdf"
    content_type = "application/pdf"
    content = b"%PDF-1.4\n% a test document\n"

    def read(self, *args) -> bytes:
        return self.content


def fields_named(response) -> set[str]:
    """The fields a 422 JSON answer names."""
    return {item.get("field") for item in response.json().get("detail", [])}


def exported_cells(response) -> set[str]:
    """Every cell of a CSV or XLSX export, as text."""
    if response["Content-Type"].startswith("text/csv"):
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        return {cell for row in csv.reader(io.StringIO(body)) for cell in row}
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return {str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
            for cell in row if cell is not None}


def count_queries(send):
    """(response, the SQL of every query) of one request."""
    with CaptureQueriesContext(connection) as queries:
        response = send()
    return response, [query["sql"] for query in queries.captured_queries]


def assert_queries_do_not_grow(few: tuple[int, list[str]], many: tuple[int, list[str]]) -> None:
    """Two (rows shown, SQL) measurements of a list: far more rows, and exactly as many queries."""
    (rows_few, sql_few), (rows_many, sql_many) = few, many
    assert rows_many >= 2 * rows_few > 0, f"the second list should show far more rows: {rows_few}, {rows_many}"
    diff = "\n".join(difflib.unified_diff(sql_few, sql_many, f"{rows_few} rows", f"{rows_many} rows", lineterm=""))
    assert len(sql_many) == len(sql_few), f"{len(sql_few)} queries for {rows_few} rows, {len(sql_many)} for " \
        f"{rows_many}:\n{diff}"


# --- the base ----------------------------------------------------------------------------------------

class _Standard:
    model = None
    actor_roles: tuple[str, ...] = ("specialist", "officer")
    edited_field = "name"
    owner_field = "organization"
    query_rows = 10  # the query-count tests render N, then 3N rows

    @pytest.fixture
    def world(self, db):
        return build_world()

    def pytest_generate_tests(self, metafunc):
        # pytest calls this hook on the test class: every test that takes `role` runs once per actor role.
        if "role" in metafunc.fixturenames:
            metafunc.parametrize("role", self.actor_roles)

    def make(self, world, owner):
        raise NotImplementedError("make(world, owner) -> a saved record owned by `owner`")

    def list_params(self, world) -> dict:
        """Query string for the list/export tests (reference data: narrow it to one page)."""
        return {}

    @property
    def scoped(self) -> bool:
        return bool(getattr(self.model, "scope_organization_path", None)
                    or getattr(self.model, "scope_province_path", None))

    @property
    def soft_delete(self) -> bool:
        return hasattr(self.model, "all_objects")

    def pair(self, world):
        """An in-scope record and (for scoped models) one no home role but the admin may see."""
        inside = self.make(world, world.committee)
        outside = self.make(world, world.other_department) if self.scoped else None
        return inside, outside

    def grow(self, world, rows: int) -> None:
        """Add `rows` in-scope records (the query-count tests)."""
        for _ in range(rows):
            self.make(world, world.committee)

    def may(self, user, action: str) -> bool:
        return scoping.can(user, self.model, action)


# --- UI pages ----------------------------------------------------------------------------------------

class _ReadPages(_Standard):
    def url(self, action: str, obj=None) -> str:
        return reverse(url_name(self.model, action), args=[obj.pk] if obj is not None else None)

    def test_list_shows_in_scope_and_hides_out_of_scope(self, world, client, role):
        inside, outside = self.pair(world)
        client.force_login(world.users[role])
        response = client.get(self.url("list"), self.list_params(world))
        assert inside.pk in listed(response)
        assert link(inside) in response.content.decode()
        if outside is not None:
            assert outside.pk not in listed(response)
            client.force_login(world.users["admin"])  # the hidden record is really there
            assert outside.pk in listed(client.get(self.url("list"), self.list_params(world)))

    def test_detail_is_404_out_of_scope(self, world, client, role):
        inside, outside = self.pair(world)
        client.force_login(world.users[role])
        response = client.get(self.url("detail", inside))
        assert response.status_code == 200
        assert str(inside) in response.content.decode()
        if outside is not None:
            assert client.get(self.url("detail", outside)).status_code == 404

    def test_anonymous_is_sent_to_sign_in(self, world, client):
        obj = self.make(world, world.committee)
        for url in (self.url("list"), self.url("detail", obj)):
            assert_login_redirect(client.get(url), url)

    def test_export_csv_and_xlsx(self, world, client, role):
        inside, outside = self.pair(world)
        client.force_login(world.users[role])
        for export, content_type in (("csv", "text/csv"), ("xlsx", XLSX_TYPE)):
            response = client.get(self.url("list"), {**self.list_params(world), "export": export})
            assert response.status_code == 200
            assert response["Content-Type"].startswith(content_type)
            assert "attachment" in response["Content-Disposition"]
            cells = exported_cells(response)
            assert str(inside) in cells, export
            if outside is not None:
                assert str(outside) not in cells, export

    def test_list_queries_do_not_grow_with_rows(self, world, client, role):
        client.force_login(world.users[role])
        url = self.url("list")
        client.get(url)  # warm-up: session, content types, translations
        measured = []
        for params in self.query_count_lists(world):
            response, queries = count_queries(lambda p=params: client.get(url, p))
            assert response.status_code == 200
            measured.append((len(response.context["rows"]), queries))
        assert_queries_do_not_grow(*measured)

    def query_count_lists(self, world):
        """Two list requests, the second showing about three times the rows of the first."""
        self.grow(world, self.query_rows)
        yield {"per_page": 100}
        self.grow(world, 2 * self.query_rows)
        yield {"per_page": 100}


class ReadViewTests(_ReadPages):
    """List, detail, export, anonymous for a model that has no write pages (reference data)."""

    actor_roles = HOME_ROLES

    def query_count_lists(self, world):
        # Reference data cannot grow in a test; a longer page shows more rows instead.
        yield {"per_page": 25}
        yield {"per_page": 100}

    def test_has_no_write_pages(self):
        for action in ("add", "edit", "delete", "import"):
            with pytest.raises(NoReverseMatch):
                reverse(url_name(self.model, action), args=[1] if action in ("edit", "delete") else None)


class ViewTests(_ReadPages):
    """The read tests plus create, edit, delete/restore, viewer, other unit for a scoped model."""

    def form_data(self, world, owner) -> dict:
        raise NotImplementedError("form_data(world, owner) -> valid POST data for a record owned by `owner`")

    def invalid_form_data(self, world, owner) -> tuple[dict, str]:
        """(POST data, the field its error must name). Default: the edited field left blank."""
        return {**self.form_data(world, owner), self.edited_field: ""}, self.edited_field

    def test_create_saves_redirects_and_logs(self, world, client, role):
        actor = world.users[role]
        data = self.form_data(world, world.committee)
        existing = set(self.model._base_manager.values_list("pk", flat=True))
        client.force_login(actor)
        assert client.get(self.url("add")).status_code == 200
        response = client.post(self.url("add"), data)
        assert response.status_code == 302, form_errors(response)
        obj = self.model._base_manager.exclude(pk__in=existing).get()
        assert response["Location"] == obj.get_absolute_url()
        assert getattr(obj, self.edited_field) == data[self.edited_field]
        change = changes(obj, "create").get()
        assert (change.user, change.source) == (actor, "ui")

    def test_create_with_bad_data_names_the_field_and_saves_nothing(self, world, client, role):
        data, bad_field = self.invalid_form_data(world, world.committee)
        count = self.model._base_manager.count()
        client.force_login(world.users[role])
        response = client.post(self.url("add"), data)
        assert response.status_code == 422
        assert bad_field in response.context["form"].errors
        assert f'id="id_{bad_field}-errors"' in response.content.decode()
        assert self.model._base_manager.count() == count

    def test_edit_saves_and_logs_before_and_after(self, world, client, role):
        actor = world.users[role]
        obj = self.make(world, world.committee)
        before = getattr(obj, self.edited_field)
        data = self.form_data(world, world.committee)
        client.force_login(actor)
        assert client.get(self.url("edit", obj)).status_code == 200
        response = client.post(self.url("edit", obj), data)
        assert response.status_code == 302, form_errors(response)
        assert getattr(reload(obj), self.edited_field) == data[self.edited_field]
        change = changes(obj, "update").get()
        assert change.user == actor
        assert change.prechange_data[self.edited_field] == before
        assert change.postchange_data[self.edited_field] == data[self.edited_field]

    def test_edit_cannot_move_the_record_out_of_scope(self, world, client, role):
        obj = self.make(world, world.committee)
        before = snapshot(obj)
        client.force_login(world.users[role])
        response = client.post(self.url("edit", obj), self.form_data(world, world.other_department))
        assert response.status_code == 422
        assert response.context["form"].errors
        assert snapshot(obj) == before
        assert not changes(obj, "update").exists()

    def test_delete_moves_to_trash_and_admin_restores(self, world, client, role):
        actor = world.users[role]
        obj = self.make(world, world.committee)
        client.force_login(actor)
        if not self.may(actor, DELETE):  # e.g. officers: the role may not delete at all
            assert client.get(self.url("delete", obj)).status_code == 403
            assert client.post(self.url("delete", obj)).status_code == 403
            assert self.model.objects.filter(pk=obj.pk).exists()
            return
        assert client.get(self.url("delete", obj)).status_code == 200
        response = client.post(self.url("delete", obj))
        assert response.status_code == 302
        assert response["Location"] == self.url("list")
        assert not self.model.objects.filter(pk=obj.pk).exists()
        assert obj.pk not in listed(client.get(self.url("list")))
        assert changes(obj, "delete").get().user == actor
        if not self.soft_delete:
            return
        assert reload(obj).deleted_at is not None
        admin = world.users["admin"]
        client.force_login(admin)
        restore = reverse("core:restore", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])
        assert restore in client.get(reverse("core:trash")).content.decode()
        assert client.post(restore).status_code == 302
        assert self.model.objects.filter(pk=obj.pk).exists()
        assert changes(obj, "restore").get().user == admin

    def test_anonymous_is_sent_to_sign_in(self, world, client):
        obj = self.make(world, world.committee)
        before, count = snapshot(obj), self.model._base_manager.count()
        for url in (self.url("list"), self.url("detail", obj), self.url("add"), self.url("edit", obj),
                    self.url("delete", obj)):
            assert_login_redirect(client.get(url), f"GET {url}")
        for url, data in ((self.url("add"), self.form_data(world, world.committee)),
                          (self.url("edit", obj), self.form_data(world, world.committee)),
                          (self.url("delete", obj), {})):
            assert_login_redirect(client.post(url, data), f"POST {url}")
        assert (snapshot(obj), self.model._base_manager.count()) == (before, count)

    def test_viewer_reads_but_cannot_write(self, world, client):
        obj = self.make(world, world.committee)
        before, count = snapshot(obj), self.model._base_manager.count()
        client.force_login(world.users["viewer"])
        listing = client.get(self.url("list"))
        assert listing.status_code == 200 and "add" not in listing.context["urls"]
        detail = client.get(self.url("detail", obj))
        assert detail.status_code == 200 and set(detail.context["urls"]) == {"list"}
        data = self.form_data(world, world.committee)
        for method, url, payload in (("get", self.url("add"), None), ("post", self.url("add"), data),
                                     ("get", self.url("edit", obj), None), ("post", self.url("edit", obj), data),
                                     ("get", self.url("delete", obj), None), ("post", self.url("delete", obj), {})):
            response = getattr(client, method)(url, payload)
            assert response.status_code == 403, f"{method.upper()} {url}: {response.status_code}"
        assert (snapshot(obj), self.model._base_manager.count()) == (before, count)

    def test_other_unit_gets_404(self, world, client):
        obj = self.make(world, world.committee)
        before = snapshot(obj)
        data = self.form_data(world, world.committee)
        for name in ("other_officer", "other_specialist"):
            user = world.users[name]
            client.force_login(user)
            for method, action, needs in (("get", "detail", None), ("get", "edit", CHANGE), ("post", "edit", CHANGE),
                                          ("get", "delete", DELETE), ("post", "delete", DELETE)):
                # A role that may never do the action is refused outright (403); otherwise the record
                # is simply not there for this user (404), as if it did not exist.
                expected = 403 if needs and not self.may(user, needs) else 404
                response = getattr(client, method)(self.url(action, obj), data if method == "post" else None)
                assert response.status_code == expected, f"{name} {method.upper()} {action}"
        assert snapshot(obj) == before


# --- REST API ----------------------------------------------------------------------------------------

class _ReadApi(_Standard):
    api_path: str = ""  # the list endpoint, e.g. "/api/orgs/people/"

    def detail_path(self, obj) -> str:
        return f"{self.api_path}{obj.pk}"

    def listed_ids(self, client, world, user, **params) -> set[int]:
        response = client.get(self.api_path, {**self.list_params(world), **params}, headers=world.token(user))
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    def test_api_list_shows_in_scope_and_hides_out_of_scope(self, world, client, role):
        inside, outside = self.pair(world)
        ids = self.listed_ids(client, world, world.users[role])
        assert inside.pk in ids
        if outside is not None:
            assert outside.pk not in ids
            assert outside.pk in self.listed_ids(client, world, world.users["admin"])

    def test_api_get_is_404_out_of_scope(self, world, client, role):
        inside, outside = self.pair(world)
        headers = world.token(world.users[role])
        response = client.get(self.detail_path(inside), headers=headers)
        assert response.status_code == 200
        assert response.json()["id"] == inside.pk
        if outside is not None:
            response = client.get(self.detail_path(outside), headers=headers)
            assert response.status_code == 404
            assert response["Content-Type"].startswith("application/json")

    def test_api_anonymous_and_bad_token_get_401(self, world, client):
        obj = self.make(world, world.committee)
        for headers in ({}, {"Authorization": "Bearer dh_not-a-real-token"}):
            for path in (self.api_path, self.detail_path(obj)):
                response = client.get(path, headers=headers)
                assert response.status_code == 401, (path, headers)
                assert "detail" in response.json()

    def test_api_list_queries_do_not_grow_with_rows(self, world, client, role):
        headers = world.token(world.users[role])
        client.get(self.api_path, headers=headers)  # warm-up: the token's last-used stamp
        measured = []
        for params in self.query_count_lists(world):
            response, queries = count_queries(lambda p=params: client.get(self.api_path, p, headers=headers))
            assert response.status_code == 200
            measured.append((len(response.json()["items"]), queries))
        assert_queries_do_not_grow(*measured)

    def query_count_lists(self, world):
        self.grow(world, self.query_rows)
        yield {"limit": 100}
        self.grow(world, 2 * self.query_rows)
        yield {"limit": 100}


class ReadApiTests(_ReadApi):
    """List and get for a read-only endpoint (`read_router`)."""

    actor_roles = HOME_ROLES

    def query_count_lists(self, world):
        yield {"limit": 10}
        yield {"limit": 30}

    def test_api_has_no_write_operations(self, world, client):
        obj = self.make(world, world.committee)
        headers = world.token(world.users["admin"])
        for method, path in (("POST", self.api_path), ("PUT", self.detail_path(obj)),
                             ("PATCH", self.detail_path(obj)), ("DELETE", self.detail_path(obj))):
            assert call(client, method, path, {}, headers).status_code == 405, f"{method} {path}"


class ApiTests(_ReadApi):
    """List/get/create/put/patch/delete of a `crud_router`, with scoping, logging and JSON errors."""

    def api_payload(self, world, owner) -> dict:
        raise NotImplementedError("api_payload(world, owner) -> valid JSON for a record owned by `owner`")

    def invalid_api_payload(self, world, owner) -> tuple[dict, str]:
        """(payload, the field the 422 must name). Default: the edited field left blank."""
        return {**self.api_payload(world, owner), self.edited_field: ""}, self.edited_field

    def test_api_create_saves_and_logs(self, world, client, role):
        actor = world.users[role]
        payload = self.api_payload(world, world.committee)
        response = call(client, "POST", self.api_path, payload, world.token(actor))
        assert response.status_code == 201, response.content
        obj = self.model.objects.get(pk=response.json()["id"])
        assert getattr(obj, self.edited_field) == payload[self.edited_field]
        change = changes(obj, "create").get()
        assert (change.user, change.source) == (actor, "api")

    def test_api_bad_input_is_422_naming_the_field(self, world, client, role):
        payload, bad_field = self.invalid_api_payload(world, world.committee)
        count = self.model._base_manager.count()
        response = call(client, "POST", self.api_path, payload, world.token(world.users[role]))
        assert response.status_code == 422
        assert bad_field in fields_named(response), response.json()
        unknown = {**self.api_payload(world, world.committee), "no_such_field": 1}
        response = call(client, "POST", self.api_path, unknown, world.token(world.users[role]))
        assert response.status_code == 422 and "no_such_field" in fields_named(response), response.json()
        assert self.model._base_manager.count() == count

    def test_api_cannot_link_an_out_of_scope_record(self, world, client, role):
        count = self.model._base_manager.count()
        payload = self.api_payload(world, world.other_department)
        response = call(client, "POST", self.api_path, payload, world.token(world.users[role]))
        assert response.status_code == 422
        assert self.owner_field in fields_named(response), response.json()
        assert self.model._base_manager.count() == count

    def test_api_put_saves_and_logs_before_and_after(self, world, client, role):
        actor = world.users[role]
        obj = self.make(world, world.committee)
        before = getattr(obj, self.edited_field)
        payload = self.api_payload(world, world.committee)
        response = call(client, "PUT", self.detail_path(obj), payload, world.token(actor))
        assert response.status_code == 200, response.content
        assert response.json()[self.edited_field] == payload[self.edited_field]
        assert getattr(reload(obj), self.edited_field) == payload[self.edited_field]
        change = changes(obj, "update").get()
        assert (change.user, change.source) == (actor, "api")
        assert change.prechange_data[self.edited_field] == before

    def test_api_put_cannot_move_the_record_out_of_scope(self, world, client, role):
        obj = self.make(world, world.committee)
        before = snapshot(obj)
        payload = self.api_payload(world, world.other_department)
        response = call(client, "PUT", self.detail_path(obj), payload, world.token(world.users[role]))
        assert response.status_code == 422
        assert self.owner_field in fields_named(response), response.json()
        assert snapshot(obj) == before

    def test_api_patch_changes_only_what_is_sent(self, world, client, role):
        obj = self.make(world, world.committee)
        before = snapshot(obj)
        value = world.unique("Đã sửa")
        response = call(client, "PATCH", self.detail_path(obj), {self.edited_field: value},
                        world.token(world.users[role]))
        assert response.status_code == 200, response.content
        after = snapshot(obj)
        assert after.pop(self.edited_field) == value
        before.pop(self.edited_field)
        assert after == before

    def test_api_delete(self, world, client, role):
        actor = world.users[role]
        obj = self.make(world, world.committee)
        headers = world.token(actor)
        response = call(client, "DELETE", self.detail_path(obj), None, headers)
        if not self.may(actor, DELETE):
            assert response.status_code == 403
            assert self.model.objects.filter(pk=obj.pk).exists()
            return
        assert response.status_code == 204
        assert client.get(self.detail_path(obj), headers=headers).status_code == 404
        assert not self.model.objects.filter(pk=obj.pk).exists()
        if self.soft_delete:
            assert reload(obj).deleted_at is not None
        assert (changes(obj, "delete").get().user, changes(obj, "delete").get().source) == (actor, "api")

    def _writes(self, world, obj):
        payload = self.api_payload(world, world.committee)
        return (("POST", self.api_path, payload), ("PUT", self.detail_path(obj), payload),
                ("PATCH", self.detail_path(obj), {self.edited_field: world.unique("x")}),
                ("DELETE", self.detail_path(obj), None))

    def test_api_anonymous_writes_get_401(self, world, client):
        obj = self.make(world, world.committee)
        before, count = snapshot(obj), self.model._base_manager.count()
        for method, path, payload in self._writes(world, obj):
            assert call(client, method, path, payload).status_code == 401, f"{method} {path}"
        assert (snapshot(obj), self.model._base_manager.count()) == (before, count)

    def test_api_viewer_reads_but_cannot_write(self, world, client):
        obj = self.make(world, world.committee)
        before, count = snapshot(obj), self.model._base_manager.count()
        headers = world.token(world.users["viewer"])
        assert client.get(self.detail_path(obj), headers=headers).status_code == 200
        for method, path, payload in self._writes(world, obj):
            assert call(client, method, path, payload, headers).status_code == 403, f"{method} {path}"
        assert (snapshot(obj), self.model._base_manager.count()) == (before, count)

    def test_api_read_only_token_cannot_write(self, world, client):
        obj = self.make(world, world.committee)
        before, count = snapshot(obj), self.model._base_manager.count()
        headers = world.token(world.users["specialist"], write=False)
        assert client.get(self.detail_path(obj), headers=headers).status_code == 200
        for method, path, payload in self._writes(world, obj):
            response = call(client, method, path, payload, headers)
            assert response.status_code == 403, f"{method} {path}: {response.status_code}"
        assert (snapshot(obj), self.model._base_manager.count()) == (before, count)

    def test_api_other_unit_gets_404(self, world, client):
        obj = self.make(world, world.committee)
        before = snapshot(obj)
        for name in ("other_officer", "other_specialist"):
            user = world.users[name]
            headers = world.token(user)
            for method, path, payload in self._writes(world, obj)[1:] + (("GET", self.detail_path(obj), None),):
                needs = {"PUT": CHANGE, "PATCH": CHANGE, "DELETE": DELETE}.get(method)
                expected = 403 if needs and not self.may(user, needs) else 404
                response = call(client, method, path, payload, headers)
                assert response.status_code == expected, f"{name} {method} {path}: {response.status_code}"
        assert snapshot(obj) == before


# --- the authorisation matrix's vocabulary (core/tests/test_authorization_matrix.py and each app's
# tests/matrix.py) -------------------------------------------------------------------------------------

LOGIN = "login"  # expected: a redirect to the sign-in page
ANYONE = frozenset({"admin", "leader", "specialist", "officer", "viewer"})
WRITERS = frozenset({"admin", "leader", "specialist", "officer"})  # add / change scoped records
DELETERS = frozenset({"admin", "leader", "specialist"})  # officers and viewers never delete
DEPARTMENT = frozenset({"admin", "leader", "specialist"})  # the global change log
ADMIN = frozenset({"admin"})  # accounts, trash, restore


@dataclass(frozen=True)
class Rule:
    """Expected answers. Checked in order: anonymous; a role not in `roles` → 403; another unit's
    record → `other` (the administrator, who acts for every unit, gets `ok`); otherwise `ok`."""

    roles: frozenset = ANYONE
    target: str | None = None  # the record the URL points at (TARGETS); None: a page without one
    method: str = "GET"
    ok: int = 200
    other: int = 404
    anonymous: int | str = LOGIN
    kwargs: dict = field(default_factory=dict)  # fixed URL arguments
    data: dict = field(default_factory=dict)  # query string (GET) or form data (POST)


def api(roles=ANYONE, target=None, ok=200, other=404, anonymous=401) -> Rule:
    return Rule(roles=roles, target=target, ok=ok, other=other, anonymous=anonymous)
