"""Records for the meetings tests and the authorisation matrix, owned by a given organisation."""

from __future__ import annotations

import datetime

from django.utils import timezone

from dieuhanh.meetings.models import (
    AgendaItem,
    BridgePoint,
    Directive,
    Meeting,
    MeetingSeries,
    Participant,
    Recommendation,
)
from dieuhanh.orgs.models import Organization


def at(day: int = 15, hour: int = 8, month: int = 10, year: int = 2026) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def sub_organization(world, owner, name="Phòng Văn hóa - Xã hội") -> Organization:
    return Organization.objects.create(name=world.unique(name), kind=Organization.Kind.OTHER, unit=owner.unit,
                                       parent=owner, email=f"{world.unique('org').replace(' #', '')}@example.vn")


def series(world, owner) -> MeetingSeries:
    return MeetingSeries.objects.create(name=world.unique("Giao ban trực tuyến hàng tháng"), organization=owner)


def meeting(world, owner, **extra) -> Meeting:
    data = {"title": world.unique("Hội nghị trực tuyến triển khai nhiệm vụ năm 2027"), "starts_at": at(15, 8),
            "ends_at": at(15, 11), "host_organization": owner, "chair_name": "Nguyễn Văn Hùng",
            "chair_position": "Giám đốc Sở", "location": "Hội trường tầng 3"}
    data.update(extra)
    return Meeting.objects.create(**data)


def agenda_item(world, owner) -> AgendaItem:
    return AgendaItem.objects.create(meeting=meeting(world, owner), order=1,
                                     title=world.unique("Báo cáo tổng kết công tác năm 2026"), presenter="Lò Thị Mai")


def bridge_point(world, owner) -> BridgePoint:
    # The owner itself is the point: always an organisation every role of that unit may see.
    return BridgePoint.objects.create(meeting=meeting(world, owner), organization=owner, chair_name="Lường Văn Sơn",
                                      expected_attendees=30, attendee_count=28)


def participant(world, owner) -> Participant:
    return Participant.objects.create(meeting=meeting(world, owner), full_name=world.unique("Cà Thị Lan"),
                                      position="Công chức Văn hóa - Xã hội")


def directive(world, owner) -> Directive:
    return Directive.objects.create(meeting=meeting(world, owner), order=1, lead_organization=owner,
                                    text=world.unique("Rà soát hệ thống công nghệ thông tin"),
                                    deadline=datetime.date(2027, 3, 31))


def recommendation(world, owner) -> Recommendation:
    return Recommendation.objects.create(raised_by=owner, document_ref="Công văn số 15/UBND-VX ngày 02/10/2026",
                                         raised_on=datetime.date(2026, 10, 2),
                                         topic=world.unique("Nhiễu sóng cụm loa truyền thanh không dây"),
                                         content="Đề nghị Sở kiểm tra, xử lý tình trạng nhiễu sóng lạ.")
