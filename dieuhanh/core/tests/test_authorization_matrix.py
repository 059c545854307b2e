"""The authorisation matrix: every role × every page and API operation × own unit / other unit /
anonymous, each cell checked against the small rule table below.

The rules are written here, not read from core/roles.py, so that loosening a permission in the code
fails this test. The URLs are discovered, not listed: every named URL of the project (the Django
admin site aside) and every operation of the OpenAPI document. A URL without a rule fails
`test_every_url_and_operation_has_a_rule`, so coverage cannot silently shrink: when you add a page or
an endpoint, add its rule (and, if it takes a record, a target) here.

Own / other (the scenario of core.testing.World): the department's roles (and the administrator) act
for the Sở of Điện Biên, whose 'other unit' is an organisation in Hà Nội; the unit officer acts for a
commune's People's Committee, whose 'other unit' is another commune's committee.
"""

from __future__ import annotations

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from dieuhanh.core.testing import (
    ADMIN,
    ANYONE,
    DELETERS,
    DEPARTMENT,
    LOGIN,
    WRITERS,
    Rule,
    UploadedPdf,
    api,
    build_world,
    call,
)

PAGES: dict[str, Rule] = {
    "core:home": Rule(),
    "core:statistics": Rule(),
    "core:search": Rule(data={"q": "dien bien"}),
    "core:objectchange_list": Rule(roles=DEPARTMENT),
    "core:objectchange_detail": Rule(roles=DEPARTMENT, target="change"),
    "core:job_list": Rule(),
    "core:job": Rule(target="job"),  # 'other': a job someone else started
    "core:trash": Rule(roles=ADMIN),
    "core:restore": Rule(roles=ADMIN, target="deleted_organization", method="POST", ok=302),
    "core:api_tokens": Rule(),
    "core:set_language": Rule(method="POST", ok=302, anonymous=302, data={"language": "vi", "next": "/"}),
    "core:lookup": Rule(kwargs={"app_label": "orgs", "model_name": "organization"}, data={"q": "so"}),
    # Attachments follow their record: seen where it is seen, uploaded and deleted where it may be changed.
    "core:attachment_list": Rule(target="organization"),
    "core:attachment_upload": Rule(roles=WRITERS, target="organization", method="POST", ok=302,
                                   data={"file": UploadedPdf(), "title": "Báo cáo"}),
    "core:attachment_download": Rule(target="attachment"),
    "core:attachment_delete": Rule(roles=WRITERS, target="attachment", method="POST", ok=302),
    # Notifications are the recipient's alone ('other': someone else's).
    "core:notification_list": Rule(),
    "core:notification_read_all": Rule(method="POST", ok=302),
    "core:notification_open": Rule(target="notification", ok=302),
    "core:notification_read": Rule(target="notification", method="POST", ok=302),
    "login": Rule(ok=302, anonymous=200),  # a signed-in user is sent on
    "logout": Rule(method="POST", ok=302, anonymous=302),
    "password_change": Rule(),
    "account": Rule(),
    "healthz": Rule(anonymous=200),
    "geo:administrativeunit_list": Rule(),
    "geo:administrativeunit_detail": Rule(target="unit", other=200),  # reference data: everyone reads
    "orgs:organization_list": Rule(),
    "orgs:organization_add": Rule(roles=WRITERS),
    "orgs:organization_import": Rule(roles=WRITERS),
    "orgs:organization_detail": Rule(target="organization"),
    "orgs:organization_edit": Rule(roles=WRITERS, target="organization"),
    "orgs:organization_delete": Rule(roles=DELETERS, target="organization"),
    "orgs:person_list": Rule(),
    "orgs:person_add": Rule(roles=WRITERS),
    "orgs:person_detail": Rule(target="person"),
    "orgs:person_edit": Rule(roles=WRITERS, target="person"),
    "orgs:person_delete": Rule(roles=DELETERS, target="person"),
    "orgs:user_list": Rule(roles=ADMIN),
    "orgs:user_add": Rule(roles=ADMIN),
    "orgs:user_detail": Rule(roles=ADMIN, target="user"),
    "orgs:user_edit": Rule(roles=ADMIN, target="user"),
    # The API's own documents are public: they describe the API, not the data.
    "api:openapi-json": Rule(anonymous=200),
    "api:openapi-view": Rule(anonymous=200),
    "api:api-root": Rule(ok=404, anonymous=404),  # django-ninja's anchor for reversing; answers 404
}

OPERATIONS: dict[str, Rule] = {
    "GET /api/core/me": api(),
    "GET /api/core/jobs/{pk}": api(target="job"),
    "GET /api/core/changes": api(roles=DEPARTMENT),
    "GET /api/core/attachments/{app_label}/{model_name}/{pk}": api(target="organization"),
    "POST /api/core/attachments/{app_label}/{model_name}/{pk}": api(roles=WRITERS, target="attachment_parent",
                                                                   ok=201),
    "GET /api/core/attachments/{pk}": api(target="attachment"),
    "GET /api/core/attachments/{pk}/download": api(target="attachment"),
    "DELETE /api/core/attachments/{pk}": api(roles=WRITERS, target="attachment", ok=204),
    "GET /api/core/notifications": api(),
    "GET /api/core/notifications/unread-count": api(),
    "POST /api/core/notifications/{pk}/read": api(target="notification"),
    "POST /api/core/notifications/read-all": api(),
    "GET /api/geo/units/": api(),
    "GET /api/geo/units/{pk}": api(target="unit", other=200),
    "GET /api/orgs/organizations/": api(),
    # Creating 'in another unit' means linking to another unit's organisation: refused, naming the field.
    "POST /api/orgs/organizations/": api(roles=WRITERS, target="organization", ok=201, other=422),
    "GET /api/orgs/organizations/{pk}": api(target="organization"),
    "PUT /api/orgs/organizations/{pk}": api(roles=WRITERS, target="organization"),
    "PATCH /api/orgs/organizations/{pk}": api(roles=WRITERS, target="organization"),
    "DELETE /api/orgs/organizations/{pk}": api(roles=DELETERS, target="organization", ok=204),
    "GET /api/orgs/people/": api(),
    "POST /api/orgs/people/": api(roles=WRITERS, target="person", ok=201, other=422),
    "GET /api/orgs/people/{pk}": api(target="person"),
    "PUT /api/orgs/people/{pk}": api(roles=WRITERS, target="person"),
    "PATCH /api/orgs/people/{pk}": api(roles=WRITERS, target="person"),
    "DELETE /api/orgs/people/{pk}": api(roles=DELETERS, target="person", ok=204),
}

# Cells where the code is known to fall short of the rule. strict: the test fails once it is fixed,
# so that the entry is removed.
KNOWN_GAPS: dict[tuple[str, str, str], str] = {}


# --- discovery ---------------------------------------------------------------------------------------

def _openapi_operations() -> dict[str, str]:
    from dieuhanh.api import api as ninja_api

    schema = ninja_api.get_openapi_schema(path_prefix=reverse("api:api-root"))
    return {f"{method.upper()} {path}": path for path, operations in schema["paths"].items()
            for method in operations}


def _named_urls() -> dict[str, str]:
    """{name: route} of every URL outside the Django admin and the API operations (covered above)."""
    operation_paths = set(_openapi_operations().values())
    found: dict[str, str] = {}

    def walk(resolver, namespace: str, prefix: str) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue  # Django's admin site, staff only, guarded by Django itself
                walk(entry, ":".join(filter(None, [namespace, entry.namespace])), route)
                continue
            if "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route) in operation_paths:
                continue
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or "/" + route
            found[name] = route

    walk(get_resolver(), "", "")
    return found


URLS = _named_urls()
API_OPERATIONS = _openapi_operations()
ROLES = sorted(ANYONE)


def _cells(keys, rules):
    for key in sorted(keys):
        rule = rules.get(key)
        if rule is None:
            continue  # test_every_url_and_operation_has_a_rule reports it
        yield pytest.param(key, None, "-", id=f"{key}|anonymous")
        for role in ROLES:
            for where in (("own", "other") if rule.target else ("-",)):
                gap = KNOWN_GAPS.get((key, role, where))
                marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
                yield pytest.param(key, role, where, id=f"{key}|{role}|{where}", marks=marks)


def test_every_url_and_operation_has_a_rule():
    missing = sorted(set(URLS) - set(PAGES)) + sorted(set(API_OPERATIONS) - set(OPERATIONS))
    stale = sorted(set(PAGES) - set(URLS)) + sorted(set(OPERATIONS) - set(API_OPERATIONS))
    assert not missing, f"add a rule to the authorisation matrix for: {missing}"
    assert not stale, f"rules for URLs that no longer exist: {stale}"


# --- the records a URL points at -----------------------------------------------------------------------

def _owner(world, role, where):
    role = role or "specialist"
    return world.other_org(role) if where == "other" else world.own_org(role)


def _organization(world, role, where):
    from dieuhanh.orgs.models import Organization

    owner = _owner(world, role, where)
    return Organization.objects.create(name=world.unique("Phòng Văn hóa và Thông tin"), kind="other",
                                       unit=owner.unit, parent=owner)


def _person(world, role, where):
    from dieuhanh.orgs.models import Person

    return Person.objects.create(full_name=world.unique("Nguyễn Văn An"), organization=_owner(world, role, where))


def _user(world, role, where):
    from dieuhanh.orgs.models import User

    user = User(username=world.unique("account").replace(" #", "_"), role="viewer",
                organization=_owner(world, role, where))
    user.set_unusable_password()
    user.save()
    return user


def _unit(world, role, where):
    return _owner(world, role, where).unit


def _change(world, role, where):
    from dieuhanh.core.testing import changes

    return changes(_organization(world, role, where), "create").get()


def _job(world, role, where):
    from dieuhanh.core.models import Job

    if where == "other":
        starter = world.users["other_officer" if role == "officer" else "other_specialist"]
    else:
        starter = world.users[role or "specialist"]
    return Job.objects.create(name="core.import", label="Nhập danh sách cơ quan", user=starter)


def _attachment(world, role, where):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dieuhanh.core.attachments import upload_attachment

    parent = _organization(world, role, where)
    upload = SimpleUploadedFile("Quyết định giao nhiệm vụ.pdf", UploadedPdf().read(), "application/pdf")
    return upload_attachment(world.users["admin"], parent, upload)


def _notification(world, role, where):
    """The role's own notification, or (other) another user's. The administrator's 'other' is its own
    as well: notifications belong to a person, not to a unit, and the administrator reads nobody
    else's (test_notifications checks that)."""
    from dieuhanh.core.notifications import notify

    if where == "other" and role != "admin":
        recipient = world.users["other_officer" if role == "officer" else "other_specialist"]
    else:
        recipient = world.users[role or "specialist"]
    return notify([recipient], key=world.unique("test"), title="Nhiệm vụ sắp đến hạn", url="/", email=False)[0]


def _deleted_organization(world, role, where):
    organization = _organization(world, role, where)
    organization.deleted_at = timezone.now()
    organization.save(update_fields=["deleted_at"])
    return organization


TARGETS = {"organization": _organization, "person": _person, "user": _user, "unit": _unit, "change": _change,
           "job": _job, "deleted_organization": _deleted_organization, "attachment": _attachment,
           "attachment_parent": _organization, "notification": _notification}

# API bodies: a new record next to the target (POST) or the target changed (PUT / PATCH).
PAYLOADS = {
    "organization": lambda world, obj: {"name": world.unique("Trung tâm Chuyển đổi số"), "kind": "other",
                                        "unit": obj.unit_id, "parent": obj.parent_id},
    "person": lambda world, obj: {"full_name": world.unique("Trần Thị Bình"), "organization": obj.organization_id},
    # A file sent as multipart form data (test_api_operation sends a payload holding a file that way).
    "attachment_parent": lambda world, obj: {"file": UploadedPdf(), "title": world.unique("Báo cáo")},
    "notification": lambda world, obj: None,
}


# The fields that link a new record to its owner: a 422 for "another unit" must name one of them.
OWNER_FIELDS = {"parent", "organization"}

# Each domain app writes its own rules in `dieuhanh/<app>/tests/matrix.py` (PAGES, OPERATIONS,
# TARGETS, PAYLOADS, each optional, and OWNER_FIELDS, a set); they are merged here so that one test
# covers every URL.
for _config in apps.get_app_configs():
    if not _config.name.startswith("dieuhanh.") or _config.label in ("core", "geo", "orgs"):
        continue
    try:
        _rules = import_module(f"{_config.name}.tests.matrix")
    except ModuleNotFoundError as exc:
        if exc.name != f"{_config.name}.tests.matrix":
            raise
        continue
    for _mine, _theirs in ((PAGES, "PAGES"), (OPERATIONS, "OPERATIONS"), (TARGETS, "TARGETS"),
                           (PAYLOADS, "PAYLOADS")):
        _extra = getattr(_rules, _theirs, {})
        assert not set(_extra) & set(_mine), f"{_config.label}: {_theirs} keys defined twice"
        _mine.update(_extra)
    OWNER_FIELDS |= set(getattr(_rules, "OWNER_FIELDS", ()))


# --- the cells -----------------------------------------------------------------------------------------

def expected(rule: Rule, role: str | None, where: str):
    if role is None:
        return rule.anonymous
    if role not in rule.roles:
        return 403
    if where == "other" and role != "admin":
        return rule.other
    return rule.ok


def _check(response, want, what: str) -> None:
    if want == LOGIN:
        assert response.status_code == 302, f"{what}: expected a redirect to sign in, got {response.status_code}"
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), f"{what}: {response['Location']}"
    else:
        assert response.status_code == want, f"{what}: expected {want}, got {response.status_code}"


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize(("name", "role", "where"), list(_cells(URLS, PAGES)))
def test_page(world, client, name, role, where):
    rule = PAGES[name]
    kwargs = dict(rule.kwargs)
    if rule.target:
        obj = TARGETS[rule.target](world, role, where)
        kwargs["pk"] = obj.pk
        if "app_label" in URLS[name]:
            kwargs.update(app_label=obj._meta.app_label, model_name=obj._meta.model_name)
    url = reverse(name, kwargs=kwargs or None)
    if role is not None:
        client.force_login(world.users[role])
    response = getattr(client, rule.method.lower())(url, rule.data)
    _check(response, expected(rule, role, where), f"{role or 'anonymous'} {rule.method} {url} ({where})")


@pytest.mark.parametrize(("operation", "role", "where"), list(_cells(API_OPERATIONS, OPERATIONS)))
def test_api_operation(world, client, operation, role, where):
    rule = OPERATIONS[operation]
    method, path = operation.split(" ", 1)
    payload = None
    if rule.target:
        obj = TARGETS[rule.target](world, role, where)
        path = path.replace("{pk}", str(obj.pk)).replace("{app_label}", obj._meta.app_label) \
            .replace("{model_name}", obj._meta.model_name)
        if method in ("POST", "PUT"):
            payload = PAYLOADS[rule.target](world, obj)
        elif method == "PATCH":
            payload = dict([next(iter(PAYLOADS[rule.target](world, obj).items()))])
    headers = world.token(world.users[role]) if role is not None else {}
    if payload and any(hasattr(value, "read") for value in payload.values()):
        response = client.post(path, payload, headers=headers)  # multipart: a file upload
    else:
        response = call(client, method, path, payload, headers)
    want = expected(rule, role, where)
    _check(response, want, f"{role or 'anonymous'} {method} {path} ({where})")
    if want == 422:  # linking to another unit's record: the error names the field
        assert {item["field"] for item in response.json()["detail"]} & OWNER_FIELDS, response.json()
