"""The inspections app's rows of the authorisation matrix (core/tests/test_authorization_matrix.py)."""

from dieuhanh.core.testing import DELETERS, DEPARTMENT, WRITERS, Rule, api

from . import factories as f

ADMIN_ONLY = frozenset({"admin"})

PAGES = {
    "inspections:statistics": Rule(),
    "inspections:report": Rule(data={"year": "2024"}),
    # The provision catalogue is reference data: everyone reads it, the department keeps it.
    "inspections:provision_list": Rule(),
    "inspections:provision_add": Rule(roles=DEPARTMENT),
    "inspections:provision_detail": Rule(target="provision", other=200),
    "inspections:provision_edit": Rule(roles=DEPARTMENT, target="provision", other=200),
    "inspections:provision_delete": Rule(roles=ADMIN_ONLY, target="provision", other=200),
}
OPERATIONS = {
    "GET /api/inspections/provisions/": api(),
    "POST /api/inspections/provisions/": api(roles=DEPARTMENT, target="provision", ok=201, other=201),
    "GET /api/inspections/provisions/{pk}": api(target="provision", other=200),
    "PUT /api/inspections/provisions/{pk}": api(roles=DEPARTMENT, target="provision", other=200),
    "PATCH /api/inspections/provisions/{pk}": api(roles=DEPARTMENT, target="provision", other=200),
    "DELETE /api/inspections/provisions/{pk}": api(roles=ADMIN_ONLY, target="provision", ok=204, other=204),
}
for _prefix, _model, _target in (("inspections", "inspection", "inspection"),
                                 ("plans", "inspectionplan", "plan"),
                                 ("planned", "plannedinspection", "planned"),
                                 ("subjects", "inspectionsubject", "subject"),
                                 ("violations", "violation", "violation"),
                                 ("decisions", "sanction", "sanction"),
                                 ("payments", "payment", "payment"),
                                 ("confiscations", "confiscation", "confiscation")):
    PAGES.update({
        f"inspections:{_model}_list": Rule(),
        f"inspections:{_model}_add": Rule(roles=WRITERS),
        f"inspections:{_model}_detail": Rule(target=_target),
        f"inspections:{_model}_edit": Rule(roles=WRITERS, target=_target),
        f"inspections:{_model}_delete": Rule(roles=DELETERS, target=_target),
    })
    OPERATIONS.update({
        f"GET /api/inspections/{_prefix}/": api(),
        # Creating 'in another unit' links to another unit's record: refused, naming the field.
        f"POST /api/inspections/{_prefix}/": api(roles=WRITERS, target=_target, ok=201, other=422),
        f"GET /api/inspections/{_prefix}/{{pk}}": api(target=_target),
        f"PUT /api/inspections/{_prefix}/{{pk}}": api(roles=WRITERS, target=_target),
        f"PATCH /api/inspections/{_prefix}/{{pk}}": api(roles=WRITERS, target=_target),
        f"DELETE /api/inspections/{_prefix}/{{pk}}": api(roles=DELETERS, target=_target, ok=204),
    })

# Records of an inspection name the record they hang on.
OWNER_FIELDS = {"plan", "inspection", "subject", "sanction"}


def _owner(world, role, where):
    role = role or "specialist"
    return world.other_org(role) if where == "other" else world.own_org(role)


TARGETS = {
    "provision": lambda world, role, where: f.provision(),
    "inspection": lambda world, role, where: f.inspection(_owner(world, role, where)),
    "plan": lambda world, role, where: f.plan(_owner(world, role, where)),
    "planned": lambda world, role, where: f.planned(_owner(world, role, where)),
    "subject": lambda world, role, where: f.subject(_owner(world, role, where)),
    "violation": lambda world, role, where: f.violation(_owner(world, role, where)),
    "sanction": lambda world, role, where: f.sanction(_owner(world, role, where)),
    "payment": lambda world, role, where: f.payment(_owner(world, role, where)),
    "confiscation": lambda world, role, where: f.confiscation(_owner(world, role, where)),
}

PAYLOADS = {
    "provision": lambda world, obj: {"decree": "38/2021/NĐ-CP", "article": 34, "clause": 1,
                                     "title": world.unique("Quảng cáo thiếu nội dung"), "field": "advertising",
                                     "fine_min": 5_000_000, "fine_max": 10_000_000, "fine_applies_to": "individual",
                                     "valid_from": "2021-05-29"},
    "inspection": lambda world, obj: {"kind": "check", "field": "telecom", "title": world.unique("Kiểm tra đại lý"),
                                      "organization": obj.organization_id, "started_on": "2024-05-02"},
    "plan": lambda world, obj: {"year": 2025, "title": world.unique("Kế hoạch thanh tra"),
                                "organization": obj.organization_id},
    "planned": lambda world, obj: {"plan": obj.plan_id, "field": "post", "subject": world.unique("Bưu cục")},
    "subject": lambda world, obj: {"inspection": obj.inspection_id, "kind": "household",
                                   "name": world.unique("Hiệu sách")},
    "violation": lambda world, obj: {"subject": obj.subject_id, "provision": obj.provision_id,
                                     "act_date": "2024-03-04", "description": world.unique("Bán sách lậu")},
    "sanction": lambda world, obj: {"subject": obj.subject_id, "number": world.unique("QĐ-XPHC"),
                                    "date": "2024-03-20", "signer": "Quàng Văn Thắng", "fine_amount": 8_000_000},
    "payment": lambda world, obj: {"sanction": obj.sanction_id, "paid_on": "2024-03-25", "amount": 500_000},
    "confiscation": lambda world, obj: {"sanction": obj.sanction_id, "item_kind": "sim_cards", "quantity": 35,
                                        "unit": "chiếc"},
}
