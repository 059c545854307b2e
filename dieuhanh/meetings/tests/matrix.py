"""The meetings app's rows of the authorisation matrix (core/tests/test_authorization_matrix.py).

Records are owned through the host organisation (meetings and their parts) or the organisation that
raised them (recommendations). Issuing tasks and sending invitations change the meeting: writers of
its unit. Answering a recommendation: the owner's writers (or the organisation assigned to answer).
"""

from dieuhanh.core.testing import ANYONE, DELETERS, WRITERS, Rule, api

from . import factories

OWNER_FIELDS = {"host_organization", "meeting", "raised_by"}


def _owner(world, role, where):
    role = role or "specialist"
    return world.other_org(role) if where == "other" else world.own_org(role)


def _factory(make):
    return lambda world, role, where: make(world, _owner(world, role, where))


TARGETS = {
    "meetingseries": _factory(factories.series),
    "meeting": _factory(factories.meeting),
    "agendaitem": _factory(factories.agenda_item),
    "bridgepoint": _factory(factories.bridge_point),
    "participant": _factory(factories.participant),
    "directive": _factory(factories.directive),
    "recommendation": _factory(factories.recommendation),
    "recommendation_to_answer": _factory(factories.recommendation),
}

PAYLOADS = {
    "meetingseries": lambda world, obj: {"name": world.unique("Giao ban quý"), "organization": obj.organization_id},
    "meeting": lambda world, obj: {"title": world.unique("Hội nghị sơ kết 6 tháng"),
                                   "starts_at": "2026-12-20T08:00:00+07:00", "ends_at": "2026-12-20T11:30:00+07:00",
                                   "host_organization": obj.host_organization_id},
    "agendaitem": lambda world, obj: {"title": world.unique("Thảo luận"), "meeting": obj.meeting_id, "order": 2},
    # A new point needs an organisation not yet at the meeting: a sub-organisation of the host.
    "bridgepoint": lambda world, obj: {"location": "Hội trường UBND", "meeting": obj.meeting_id,
                                       "organization": factories.sub_organization(
                                           world, obj.meeting.host_organization).pk},
    "participant": lambda world, obj: {"full_name": world.unique("Sùng A Páo"), "meeting": obj.meeting_id},
    "directive": lambda world, obj: {"text": world.unique("Lập danh sách cán bộ để tập huấn"),
                                     "meeting": obj.meeting_id, "lead_organization": obj.lead_organization_id},
    "recommendation": lambda world, obj: {"topic": world.unique("Sử dụng chung hạ tầng viễn thông"),
                                          "raised_by": obj.raised_by_id, "document_ref": "Công văn 20/UBND",
                                          "content": "Đề nghị hướng dẫn."},
    "recommendation_to_answer": lambda world, obj: {"answer_text": "Sở đã có văn bản hướng dẫn.",
                                                    "answered_on": "2026-10-10",
                                                    "answered_by": obj.raised_by_id},
}


def _pages(prefix: str, target: str) -> dict:
    return {
        f"meetings:{prefix}_list": Rule(),
        f"meetings:{prefix}_add": Rule(roles=WRITERS),
        f"meetings:{prefix}_detail": Rule(target=target),
        f"meetings:{prefix}_edit": Rule(roles=WRITERS, target=target),
        f"meetings:{prefix}_delete": Rule(roles=DELETERS, target=target),
    }


PAGES = {
    **{key: rule for name in ("meetingseries", "meeting", "agendaitem", "bridgepoint", "participant", "directive",
                              "recommendation") for key, rule in _pages(name, name).items()},
    "meetings:meeting_conclusion": Rule(roles=WRITERS, target="meeting"),
    # An officer's meeting has no directives here; with some, the tasks app refuses officers (a message).
    "meetings:meeting_issue_tasks": Rule(roles=WRITERS, target="meeting", method="POST", ok=302),
    "meetings:meeting_send_invitations": Rule(roles=WRITERS, target="meeting", method="POST", ok=302),
    "meetings:meeting_ics": Rule(target="meeting"),
    "meetings:meeting_attendance": Rule(target="meeting"),
    "meetings:bridgepoint_connection": Rule(roles=WRITERS, target="bridgepoint", method="POST", ok=302,
                                            data={"connection_status": "connected"}),
    "meetings:recommendation_answer": Rule(roles=WRITERS, target="recommendation"),
    "meetings:recommendation_unanswered": Rule(roles=ANYONE),
}


def _operations(path: str, target: str) -> dict:
    return {
        f"GET /api/meetings/{path}/": api(),
        f"POST /api/meetings/{path}/": api(roles=WRITERS, target=target, ok=201, other=422),
        f"GET /api/meetings/{path}/{{pk}}": api(target=target),
        f"PUT /api/meetings/{path}/{{pk}}": api(roles=WRITERS, target=target),
        f"PATCH /api/meetings/{path}/{{pk}}": api(roles=WRITERS, target=target),
        f"DELETE /api/meetings/{path}/{{pk}}": api(roles=DELETERS, target=target, ok=204),
    }


OPERATIONS = {
    **_operations("series", "meetingseries"),
    **_operations("meetings", "meeting"),
    **_operations("agenda-items", "agendaitem"),
    **_operations("bridge-points", "bridgepoint"),
    **_operations("participants", "participant"),
    **_operations("directives", "directive"),
    **_operations("recommendations", "recommendation"),
    "POST /api/meetings/meetings/{pk}/issue-tasks": api(roles=WRITERS, target="meeting"),
    "POST /api/meetings/meetings/{pk}/send-invitations": api(roles=WRITERS, target="meeting", ok=202),
    "POST /api/meetings/recommendations/{pk}/answer": api(roles=WRITERS, target="recommendation_to_answer"),
}
