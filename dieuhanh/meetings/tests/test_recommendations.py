"""Recommendations: raised, assigned for answer, answered (by the assigned organisation too), their
status and time to answer, and the unanswered ones counted per organisation."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from dieuhanh.core import testing
from dieuhanh.meetings import services
from dieuhanh.meetings.models import Recommendation

from . import factories

TODAY = timezone.localdate()


@pytest.fixture
def world(db):
    return testing.build_world()


def raise_one(world, raised_by, assigned_to=None, days_ago=20, answer_due=None, topic="Nhiễu sóng cụm loa"):
    return services.create_recommendation(world.users["admin"], {
        "raised_by": raised_by, "document_ref": "Công văn số 15/UBND", "topic": world.unique(topic),
        "content": "Đề nghị kiểm tra.", "raised_on": TODAY - datetime.timedelta(days=days_ago),
        "assigned_to": assigned_to, "answer_due": answer_due})


def test_answer_time_and_status(world):
    recommendation = raise_one(world, world.committee, world.department, days_ago=20,
                               answer_due=TODAY - datetime.timedelta(days=5))
    assert recommendation.status == Recommendation.Status.OVERDUE
    assert recommendation.days_to_answer == 20  # waiting so far
    services.answer_recommendation(world.users["specialist"], recommendation, {
        "answer_text": "Sở đã phối hợp với Trung tâm Kiểm soát tần số xử lý.",
        "answered_on": TODAY - datetime.timedelta(days=8)})
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.ANSWERED
    assert recommendation.days_to_answer == 12
    assert recommendation.answered_by == world.department  # the organisation assigned to answer


def test_bad_answers_name_the_field(world):
    recommendation = raise_one(world, world.committee, world.department, days_ago=3)
    specialist = world.users["specialist"]
    for data, field in (({"answer_text": "Trả lời", "answered_on": TODAY - datetime.timedelta(days=10)},
                         "answered_on"),
                        ({"answer_text": "Trả lời", "answered_on": TODAY + datetime.timedelta(days=1)}, "answered_on"),
                        ({"answer_text": "   "}, "answer_text")):
        with pytest.raises(ValidationError) as caught:
            services.answer_recommendation(specialist, Recommendation.objects.get(pk=recommendation.pk), data)
        assert field in caught.value.message_dict
    assert Recommendation.objects.get(pk=recommendation.pk).answered_on is None
    with pytest.raises(ValidationError) as caught:
        services.create_recommendation(specialist, {"raised_by": world.committee, "topic": "Không rõ nguồn",
                                                    "content": "…"})
    assert "meeting" in caught.value.message_dict  # at a meeting, or in writing: one is needed


def test_the_assigned_organisation_reads_and_answers_but_does_not_edit(world, client):
    # Raised by another commune, assigned to the officer's committee for an answer.
    recommendation = raise_one(world, world.other_committee, world.committee)
    officer = world.users["officer"]
    client.force_login(officer)
    assert client.get(recommendation.get_absolute_url()).status_code == 200
    assert client.get(reverse("meetings:recommendation_edit", args=[recommendation.pk])).status_code == 404
    url = reverse("meetings:recommendation_answer", args=[recommendation.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"answer_text": "UBND xã đã kiểm tra, khắc phục.",
                                 "answered_by": world.committee.pk, "answered_on": TODAY.strftime("%d/%m/%Y")})
    assert response.status_code == 302, testing.form_errors(response)
    recommendation.refresh_from_db()
    assert recommendation.answered_by == world.committee and recommendation.answered_on == TODAY
    # An officer of a third organisation neither sees nor answers it.
    other = raise_one(world, world.department, world.other_committee)
    assert client.get(reverse("meetings:recommendation_answer", args=[other.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.answer_recommendation(officer, other, {"answer_text": "…"})


def test_answer_api(world, client):
    recommendation = raise_one(world, world.committee, world.department)
    headers = world.token(world.users["specialist"])
    response = testing.call(client, "POST", f"/api/meetings/recommendations/{recommendation.pk}/answer",
                            {"answer_text": "Đã trả lời tại hội nghị.", "answered_on": str(TODAY)}, headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "answered" and body["days_to_answer"] == 20
    assert body["answered_by"] == world.department.pk
    response = testing.call(client, "POST", f"/api/meetings/recommendations/{recommendation.pk}/answer",
                            {"answer_text": ""}, headers)
    assert response.status_code == 422 and "answer_text" in testing.fields_named(response)


def test_unanswered_by_organisation_counts_link_to_the_records(world, client):
    for _ in range(3):
        raise_one(world, world.committee, world.department)
    raise_one(world, world.committee, world.department, answer_due=TODAY - datetime.timedelta(days=1))
    raise_one(world, world.other_committee, world.committee)
    raise_one(world, world.other_committee)  # not yet assigned
    answered = raise_one(world, world.committee, world.department)
    services.answer_recommendation(world.users["specialist"], answered, {"answer_text": "Đã trả lời"})
    client.force_login(world.users["specialist"])
    response = client.get(reverse("meetings:recommendation_unanswered"))
    rows = {row["organization"]: row for row in response.context["rows"]}
    assert rows[world.department]["total"] == 4 and rows[world.department]["overdue"] == 1
    assert rows[world.committee]["total"] == 1 and rows[None]["total"] == 1
    assert response.context["total"] == 6
    for row in rows.values():  # every count is the size of the list it links to
        listed = client.get(row["url"])
        assert listed.context["page"].paginator.count == row["total"], row["url"]
        assert client.get(row["overdue_url"]).context["page"].paginator.count == row["overdue"]
    by_raiser = client.get(reverse("meetings:recommendation_unanswered"), {"by": "raised_by"})
    counts = {row["organization"]: row["total"] for row in by_raiser.context["rows"]}
    assert counts == {world.committee: 4, world.other_committee: 2}
    html = by_raiser.content.decode()
    assert len(re.findall(r'data-count="\d+"', html)) == 2


def test_unanswered_page_is_scoped(world, client):
    raise_one(world, world.committee, world.department)
    raise_one(world, world.other_committee, world.department)
    client.force_login(world.users["officer"])
    response = client.get(reverse("meetings:recommendation_unanswered"), {"by": "raised_by"})
    assert {row["organization"] for row in response.context["rows"]} == {world.committee}


def test_recommendation_list_filters(world, client):
    meeting = factories.meeting(world, world.department)
    at_meeting = services.create_recommendation(world.users["specialist"], {
        "raised_by": world.committee, "meeting": meeting, "topic": "Sử dụng chung hạ tầng viễn thông",
        "content": "…", "raised_on": TODAY})
    raise_one(world, world.committee)
    client.force_login(world.users["specialist"])
    response = client.get(reverse("meetings:recommendation_list"), {"meeting": meeting.pk})
    assert testing.listed(response) == {at_meeting.pk}
    response = client.get(reverse("meetings:recommendation_list"), {"q": "ha tang vien thong"})
    assert testing.listed(response) == {at_meeting.pk}
    assert f'href="{at_meeting.get_absolute_url()}"' in client.get(meeting.get_absolute_url()).content.decode()
