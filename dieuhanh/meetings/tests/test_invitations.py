"""Invitations by email with an .ics file: one email per invited or bridge-point organisation, never
the same revision twice to an address; a change of time sends an update with the same UID and a
higher SEQUENCE; a cancellation sends METHOD:CANCEL. The real Django mail pipeline (locmem backend)."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.core import mail
from django.utils import translation

from dieuhanh.core import jobs, testing
from dieuhanh.core.models import Job
from dieuhanh.meetings import services
from dieuhanh.meetings.models import BridgePoint, Invitation, Meeting

from . import factories

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def world(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEETINGS_ICS_DOMAIN = "dieuhanh.dienbien.gov.vn"
    return testing.build_world()


@pytest.fixture
def meeting(world):
    specialist = world.users["specialist"]
    invited = [factories.sub_organization(world, world.department, "Trung tâm Chuyển đổi số") for _ in range(2)]
    no_email = factories.sub_organization(world, world.department, "Phòng chưa có thư điện tử")
    no_email.email = ""
    no_email.save()
    meeting = services.create_meeting(specialist, {
        "title": "Hội nghị trực tuyến tổng kết năm 2026", "starts_at": factories.at(15, 8, month=12),
        "ends_at": factories.at(15, 11, month=12), "host_organization": world.department,
        "location": "Hội trường UBND tỉnh", "video_link": "https://meet.jit.si/dh-tong-ket-2026",
        "invited_organizations": [*invited, no_email]})
    world.committee.email = "ubnd.xa@dienbien.gov.vn"
    world.committee.save()
    services.create_bridge_point(specialist, {"meeting": meeting, "organization": world.committee})
    services.create_agenda_item(specialist, {"meeting": meeting, "order": 1, "title": "Báo cáo tổng kết năm 2026",
                                             "presenter": "Lò Thị Mai"})
    return meeting


def send(user, meeting):
    job = services.send_invitations(user, meeting)
    with translation.override("en"):  # the tests read the job's log in English words
        jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.COMPLETED, job.error
    return job


def event_of(message) -> tuple[icalendar.Calendar, icalendar.Event]:
    (name, content, mimetype), = message.attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    return calendar, calendar.walk("VEVENT")[0]


def test_invitations_carry_an_ics_and_are_sent_once(world, meeting):
    specialist = world.users["specialist"]
    job = send(specialist, meeting)
    addresses = sorted(address for message in mail.outbox for address in message.to)
    assert len(mail.outbox) == 3 and len(set(addresses)) == 3
    assert "ubnd.xa@dienbien.gov.vn" in addresses  # the bridge point's organisation
    assert job.result["without_email"] == 1 and "no email address" in job.log
    calendar, event = event_of(mail.outbox[0])
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]) == f"meeting-{meeting.pk}@dieuhanh.dienbien.gov.vn"
    assert int(event["sequence"]) == 0
    start = event.decoded("dtstart")
    assert start == datetime.datetime(2026, 12, 15, 8, 0, tzinfo=HCM) and str(start.tzinfo) == "Asia/Ho_Chi_Minh"
    assert event.decoded("dtend") == datetime.datetime(2026, 12, 15, 11, 0, tzinfo=HCM)
    assert str(event["location"]) == "Hội trường UBND tỉnh"
    assert str(event["url"]) == "https://meet.jit.si/dh-tong-ket-2026"
    assert "Báo cáo tổng kết năm 2026" in str(event["description"])
    assert Invitation.objects.filter(meeting=meeting, sequence=0).count() == 3
    # A re-run (or a second click) sends nothing again; a newly invited address gets the revision.
    send(specialist, meeting)
    assert len(mail.outbox) == 3
    latecomer = factories.sub_organization(world, world.department, "Báo Điện Biên Phủ")
    meeting.invited_organizations.add(latecomer)
    send(specialist, meeting)
    assert len(mail.outbox) == 4 and mail.outbox[-1].to == [latecomer.email]


def test_a_new_time_sends_an_update_with_the_same_uid_and_a_higher_sequence(world, meeting):
    specialist = world.users["specialist"]
    send(specialist, meeting)
    first_uid = str(event_of(mail.outbox[0])[1]["uid"])
    mail.outbox.clear()
    # A change that is not the time, place or link: no new revision, nothing queued.
    meeting = services.update_meeting(specialist, Meeting.objects.get(pk=meeting.pk), {"notes": "Chuẩn bị tham luận"})
    assert meeting.sequence == 0
    assert not Job.objects.filter(name="meetings.send_invitations", status=Job.Status.QUEUED).exists()
    meeting = services.update_meeting(specialist, Meeting.objects.get(pk=meeting.pk), {
        "starts_at": factories.at(16, 14, month=12), "ends_at": factories.at(16, 17, month=12)})
    assert meeting.sequence == 1
    queued = Job.objects.get(name="meetings.send_invitations", status=Job.Status.QUEUED)
    jobs.run_job(queued.pk)
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        calendar, event = event_of(message)
        assert str(calendar["method"]) == "REQUEST"
        assert str(event["uid"]) == first_uid
        assert int(event["sequence"]) == 1
        assert event.decoded("dtstart") == datetime.datetime(2026, 12, 16, 14, 0, tzinfo=HCM)
        assert "Updated" in message.subject or "cập nhật" in message.subject.lower()
    assert Invitation.objects.filter(meeting=meeting, sequence=1).count() == 3


def test_cancelling_sends_method_cancel_to_everyone_invited(world, meeting):
    specialist = world.users["specialist"]
    send(specialist, meeting)
    removed = meeting.bridge_points.get()
    services.delete_bridge_point(specialist, removed)  # no longer a point, but it was invited
    mail.outbox.clear()
    meeting = services.cancel_meeting(specialist, Meeting.objects.get(pk=meeting.pk))
    assert meeting.sequence == 1 and meeting.status == Meeting.Status.CANCELLED
    jobs.run_pending()
    assert len(mail.outbox) == 3
    assert "ubnd.xa@dienbien.gov.vn" in [message.to[0] for message in mail.outbox]
    for message in mail.outbox:
        calendar, event = event_of(message)
        assert str(calendar["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
        assert int(event["sequence"]) == 1
    assert not BridgePoint.objects.filter(pk=removed.pk).exists()


def test_no_invitation_went_out_no_update_is_queued(world, meeting):
    services.update_meeting(world.users["specialist"], meeting, {"location": "Phòng họp số 2"})
    assert Meeting.objects.get(pk=meeting.pk).sequence == 1
    assert not Job.objects.filter(name="meetings.send_invitations").exists()


def test_send_invitations_button_and_calendar_download(world, meeting, client):
    client.force_login(world.users["specialist"])
    response = client.post(f"/meetings/{meeting.pk}/send-invitations/")
    assert response.status_code == 302
    job = Job.objects.get(name="meetings.send_invitations")
    assert response["Location"] == job.get_absolute_url()
    response = client.get(f"/meetings/{meeting.pk}/calendar.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["uid"]) == f"meeting-{meeting.pk}@dieuhanh.dienbien.gov.vn"
    # An officer of an invited organisation reads the meeting but may not send its invitations.
    client.force_login(world.users["officer"])
    assert client.get(meeting.get_absolute_url()).status_code == 200  # a bridge point
    assert client.post(f"/meetings/{meeting.pk}/send-invitations/").status_code == 404


def test_a_failed_address_is_tried_again_next_time(world, meeting, settings):
    specialist = world.users["specialist"]
    settings.EMAIL_BACKEND = "dieuhanh.meetings.tests.test_invitations.RefusingBackend"
    job = send(specialist, meeting)
    assert job.result["failed"] == 3 and not Invitation.objects.exists() and "failed" in job.log
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send(specialist, meeting)
    assert len(mail.outbox) == 3 and Invitation.objects.count() == 3


class RefusingBackend:
    """A mail server that refuses every message (the real pipeline up to the connection)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server refused the connection")
