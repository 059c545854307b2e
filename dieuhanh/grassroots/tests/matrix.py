"""The grassroots app's rows of the authorisation matrix (core/tests/test_authorization_matrix.py)."""

import datetime

from dieuhanh.core.testing import ANYONE, DELETERS, WRITERS, Rule, api

from . import factories as f

PAGES = {
    "grassroots:network": Rule(roles=ANYONE),
    "grassroots:statistics": Rule(),
    "grassroots:commune_list": Rule(),
    "grassroots:radiostation_import": Rule(roles=WRITERS),
    "grassroots:radiostation_status": Rule(roles=WRITERS, target="station"),
    "grassroots:stationwork_accept": Rule(roles=WRITERS, target="work"),
}
OPERATIONS = {
    "GET /api/grassroots/stations/{pk}/status": api(target="station"),
    "POST /api/grassroots/stations/{pk}/status": api(roles=WRITERS, target="station_status", ok=201),
    "POST /api/grassroots/works/{pk}/accept": api(roles=WRITERS, target="work_acceptance"),
}
for _prefix, _model, _target in (("stations", "radiostation", "station"),
                                 ("clusters", "loudspeakercluster", "cluster"),
                                 ("works", "stationwork", "work"),
                                 ("interference", "interferencereport", "interference"),
                                 ("staff", "radiostaff", "staff"),
                                 ("bulletins", "bulletin", "bulletin")):
    PAGES.update({
        f"grassroots:{_model}_list": Rule(),
        f"grassroots:{_model}_add": Rule(roles=WRITERS),
        f"grassroots:{_model}_detail": Rule(target=_target),
        f"grassroots:{_model}_edit": Rule(roles=WRITERS, target=_target),
        f"grassroots:{_model}_delete": Rule(roles=DELETERS, target=_target),
    })
    OPERATIONS.update({
        f"GET /api/grassroots/{_prefix}/": api(),
        # Creating 'in another unit' links to another unit's record: refused, naming the field.
        f"POST /api/grassroots/{_prefix}/": api(roles=WRITERS, target=_target, ok=201, other=422),
        f"GET /api/grassroots/{_prefix}/{{pk}}": api(target=_target),
        f"PUT /api/grassroots/{_prefix}/{{pk}}": api(roles=WRITERS, target=_target),
        f"PATCH /api/grassroots/{_prefix}/{{pk}}": api(roles=WRITERS, target=_target),
        f"DELETE /api/grassroots/{_prefix}/{{pk}}": api(roles=DELETERS, target=_target, ok=204),
    })

# Child records (clusters, works, staff) name the station they would be linked to.
OWNER_FIELDS = {"station"}


def _owner(world, role, where):
    role = role or "specialist"
    return world.other_org(role) if where == "other" else world.own_org(role)


TARGETS = {
    "station": lambda world, role, where: f.station(_owner(world, role, where)),
    "station_status": lambda world, role, where: f.station(_owner(world, role, where)),
    "cluster": lambda world, role, where: f.cluster(_owner(world, role, where)),
    "work": lambda world, role, where: f.work(_owner(world, role, where)),
    "work_acceptance": lambda world, role, where: f.work(_owner(world, role, where)),
    "interference": lambda world, role, where: f.interference(_owner(world, role, where)),
    "staff": lambda world, role, where: f.staff(_owner(world, role, where)),
    "bulletin": lambda world, role, where: f.bulletin(_owner(world, role, where)),
}

PAYLOADS = {
    "station": lambda world, obj: {"name": world.unique("Đài truyền thanh xã"), "unit": obj.unit_id,
                                   "organization": obj.organization_id, "technology": "wired",
                                   "single_station": False},
    "station_status": lambda world, obj: {"status": "out_of_service", "date": "2024-08-01", "reason": "Sét đánh"},
    "cluster": lambda world, obj: {"name": world.unique("Cụm loa"), "station": obj.station_id, "technology": "wired"},
    "work": lambda world, obj: {"title": world.unique("Sửa chữa đài"), "station": obj.station_id, "kind": "repair",
                                "started_on": "2024-03-01"},
    "work_acceptance": lambda world, obj: {"accepted_on": str(datetime.date(2024, 6, 1))},
    "interference": lambda world, obj: {"reporter": world.unique("Lò Văn Sơn"), "reported_on": "2024-05-02",
                                        "unit": obj.unit_id, "organization": obj.organization_id,
                                        "description": "Nhiễu sóng lạ"},
    "staff": lambda world, obj: {"full_name": world.unique("Cà Thị Lan"), "station": obj.station_id},
    "bulletin": lambda world, obj: {"title": world.unique("Bản tin"), "source": "Hệ thống thông tin nguồn",
                                    "organization": obj.organization_id, "broadcast_at": "2025-08-10T06:30:00+07:00"},
}
