"""Demo meetings of Điện Biên, built through the services (idempotent: a meeting is found by title).

* Seed 004: the online conference of 11/01/2013 hosted by the then Sở Thông tin và Truyền thông, with
  nine bridge points at the district committees of the time (before the 2025 reform).
* Today's year-end conference (January of this year), hosted by the Sở Khoa học và Công nghệ with
  bridge points at commune committees, the chair's conclusion and the three directives of seed 000
  issued as tasks, and the recommendations of seed 002, some answered, one overdue.
* A series "Giao ban trực tuyến hàng tháng": last month's meeting with directives issued as tasks,
  this month's (whose page opens with the status of last month's directives), and next month's,
  planned, with a video-conference link.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from dieuhanh.core.context import Source, acting_as
from dieuhanh.orgs.models import Organization, Person, User

from . import services
from .models import BridgePoint, Meeting, MeetingSeries, Recommendation

Connection = BridgePoint.Connection


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _month_day(today: datetime.date, months_back: int, day: int) -> datetime.date:
    month = today.month - months_back
    year = today.year
    while month < 1:
        month += 12
        year -= 1
    while month > 12:
        month -= 12
        year += 1
    return datetime.date(year, month, day)


class MeetingDemo:
    def __init__(self, user: User):
        self.user = user
        self.today = timezone.localdate()
        self.created = 0
        self.issued = 0
        self.org = {code: org for code, org in Organization.all_objects.filter(code__in=[
            "UBND-T11", "SKHCN-T11", "STTTT-T11", "SVHTTDL-T11", "SNV-T11", "VP-UBND-T11", "VNPT-DB",
            "VIETTEL-DB", "BUUDIEN-DB", "BAO-DBP"]).values_list("code", "pk")}
        self.orgs = Organization.all_objects.in_bulk(list(self.org.values()))
        self.communes = list(Organization.objects.filter(code__startswith="UBND-X").order_by("code"))
        self.districts = list(Organization.all_objects.filter(code__startswith="UBND-H").order_by("code"))

    def o(self, code: str) -> Organization | None:
        pk = self.org.get(code)
        return self.orgs.get(pk) if pk else None

    def meeting(self, data: dict, *, invited=(), agenda=(), points=(), participants=()) -> tuple[Meeting, bool]:
        existing = Meeting.all_objects.filter(title=data["title"], host_organization=data["host_organization"]).first()
        if existing is not None:
            return existing, False
        meeting = services.create_meeting(self.user, {**data, "invited_organizations": [o for o in invited if o]})
        for order, (title, presenter, minutes) in enumerate(agenda, start=1):
            services.create_agenda_item(self.user, {"meeting": meeting, "order": order, "title": title,
                                                    "presenter": presenter, "duration_minutes": minutes})
        for organization, chair, position, expected, attended, status in points:
            services.create_bridge_point(self.user, {
                "meeting": meeting, "organization": organization, "chair_name": chair, "chair_position": position,
                "expected_attendees": expected, "attendee_count": attended, "connection_status": status,
                "location": f"Hội trường {organization.short_name or organization.name}"})
        for full_name, position, organization in participants:
            services.create_participant(self.user, {"meeting": meeting, "full_name": full_name, "position": position,
                                                    "organization": organization})
        self.created += 1
        return meeting, True

    def conclude(self, meeting: Meeting, number: str, on: datetime.date, text: str, directives: list) -> None:
        rows = [(None, {"order": order, "text": body, "lead_organization": lead,
                        "cooperating_organizations": [c for c in coop if c], **deadline})
                for order, (body, lead, coop, deadline) in enumerate(directives, start=1) if lead]
        services.save_conclusion(self.user, meeting, {"conclusion_number": number, "concluded_on": on,
                                                      "conclusion_text": text, "status": Meeting.Status.HELD}, rows)

    def issue(self, meeting: Meeting) -> list:
        tasks = services.issue_directive_tasks(self.user, meeting)
        self.issued += len(tasks)
        return tasks

    # --- the meetings -------------------------------------------------------------------------------

    def seed_004(self) -> None:
        legacy = self.o("STTTT-T11")
        if legacy is None:
            return
        day = datetime.date(2013, 1, 11)
        chairs = ["Lò Văn Muôn", "Quàng Văn Bình", "Lường Thị Hải", "Cà Văn Nghiệp", "Vừ A Bằng", "Giàng A Dình",
                  "Sùng A Sử", "Điêu Chính Tuấn", "Mùa A Sơn"]
        points = [(district, chairs[index % len(chairs)], "Phó Chủ tịch UBND", 35, 30 + index % 6, Connection.CONNECTED)
                  for index, district in enumerate(self.districts[:9])]
        meeting, new = self.meeting({
            "title": "Hội nghị trực tuyến triển khai nhiệm vụ ngành Thông tin và Truyền thông năm 2013",
            "kind": Meeting.Kind.ONLINE, "starts_at": _at(day, 8), "ends_at": _at(day, 11, 30),
            "host_organization": legacy, "chair_name": "Chu Xuân Trường", "chair_position": "Giám đốc Sở TT&TT",
            "location": "Hội trường Sở Thông tin và Truyền thông", "host_attendee_count": 60,
            "status": Meeting.Status.HELD,
            "notes": "Dự tại điểm cầu Sở có đồng chí Giàng Thị Hoa, Phó Chủ tịch UBND tỉnh; lãnh đạo các doanh "
                     "nghiệp bưu chính, viễn thông, cơ quan báo chí, xuất bản, in và phát hành."},
            invited=[self.o("UBND-T11"), self.o("VNPT-DB"), self.o("VIETTEL-DB"), self.o("BUUDIEN-DB")],
            agenda=[("Dự thảo báo cáo đánh giá tình hình thực hiện nhiệm vụ năm 2012",
                     "Nguyễn Hùng Cường, Phó Giám đốc Sở TT&TT", 40),
                    ("Tham luận, thảo luận của các đại biểu", "Các điểm cầu", 60),
                    ("Phát biểu chỉ đạo", "Giàng Thị Hoa, Phó Chủ tịch UBND tỉnh", 20),
                    ("Trao Bằng khen của Thủ tướng Chính phủ", "", 10)],
            points=points)
        if new:
            services.save_conclusion(self.user, meeting, {
                "concluded_on": day, "conclusion_text":
                "Giám đốc Sở đề nghị toàn ngành tập trung thực hiện những nhiệm vụ trọng tâm năm 2013: củng cố tổ "
                "chức bộ máy quản lý nhà nước từ cấp tỉnh, cấp huyện; đẩy mạnh tuyên truyền, phổ biến giáo dục "
                "pháp luật; tăng cường ứng dụng CNTT, sử dụng văn bản điện tử và họp trực tuyến để tiết kiệm; "
                "tăng cường thanh tra, kiểm tra trên các lĩnh vực ngành."}, [])

    def year_end(self) -> Meeting | None:
        host = self.o("SKHCN-T11")
        if host is None or len(self.communes) < 3:
            return None
        # This January's year-end conference; early in a year, last January's (its answers are in the past).
        year = self.today.year if self.today >= datetime.date(self.today.year, 4, 1) else self.today.year - 1
        day = datetime.date(year, 1, 15)
        chairs = ["Lường Văn Sơn", "Sùng A Páo", "Quàng Văn Dũng", "Lò Thị Hương", "Cà Văn Chính", "Vừ A Dế",
                  "Mùa A Chứ", "Điêu Thị Xuân", "Giàng A Thắng"]
        statuses = [Connection.CONNECTED] * 7 + [Connection.LATE, Connection.FAILED]
        points = [(commune, chairs[index], "Chủ tịch UBND" if index % 2 == 0 else "Phó Chủ tịch UBND",
                   25, (20 + index * 2) if statuses[index] != Connection.FAILED else 0, statuses[index])
                  for index, commune in enumerate(self.communes[:9])]
        hung = Person.objects.filter(organization=host, full_name="Nguyễn Văn Hùng").first()
        meeting, new = self.meeting({
            "title": f"Hội nghị trực tuyến tổng kết công tác năm {day.year - 1}, triển khai nhiệm vụ năm {day.year}",
            "kind": Meeting.Kind.ONLINE, "starts_at": _at(day, 8), "ends_at": _at(day, 11, 30),
            "host_organization": host, "chair": hung, "chair_name": "Nguyễn Văn Hùng",
            "chair_position": "Giám đốc Sở Khoa học và Công nghệ", "location": "Hội trường UBND tỉnh Điện Biên",
            "video_link": "https://meet.jit.si/dienbien-tong-ket", "host_attendee_count": 85},
            invited=[self.o("UBND-T11"), self.o("SVHTTDL-T11"), self.o("SNV-T11"), self.o("VNPT-DB"),
                     self.o("VIETTEL-DB"), self.o("BUUDIEN-DB"), self.o("BAO-DBP")],
            agenda=[(f"Dự thảo báo cáo tổng kết công tác năm {day.year - 1}", "Lò Thị Mai, Phó Giám đốc Sở", 30),
                    ("Tham luận của các điểm cầu", "UBND các xã, phường", 60),
                    ("Ý kiến, kiến nghị của địa phương, doanh nghiệp", "Các đại biểu", 30),
                    ("Phát biểu chỉ đạo", "Giàng Thị Hoa, Phó Chủ tịch UBND tỉnh", 20),
                    ("Kết luận hội nghị", "Nguyễn Văn Hùng, Giám đốc Sở", 15)],
            points=points,
            participants=[("Giàng Thị Hoa", "Phó Chủ tịch UBND tỉnh", self.o("UBND-T11")),
                          ("Nguyễn Văn Hùng", "Giám đốc Sở", host), ("Lò Thị Mai", "Phó Giám đốc Sở", host)])
        if new:
            first = self.communes[0]
            services.create_participant(self.user, {
                "meeting": meeting, "bridge_point": meeting.bridge_points.get(organization=first),
                "full_name": "Cà Thị Lan", "position": "Công chức Văn hóa - Xã hội", "organization": first})
            culture, home = self.o("SVHTTDL-T11"), self.o("SNV-T11")
            self.conclude(meeting, "05/TB-SKHCN", day + datetime.timedelta(days=2),
                          "Giám đốc Sở ghi nhận, biểu dương kết quả năm qua; đề nghị các địa phương rà soát lại hệ "
                          "thống công nghệ thông tin, phân cấp rõ và cử cán bộ chuyên trách; lập danh sách cán bộ "
                          "công chức cấp xã để tổ chức tập huấn; kiểm tra, soát xét lại hệ thống truyền thanh cơ sở.",
                          [("Rà soát lại hệ thống công nghệ thông tin tham mưu cho Ủy ban, phân cấp rõ và cử cán bộ "
                            "chuyên trách", first, [host], {"deadline": day + datetime.timedelta(days=75)}),
                           ("Lập danh sách cán bộ, công chức cấp xã hiểu và sử dụng công nghệ thông tin để tổ chức "
                            "tập huấn", home, self.communes[:3], {"working_days": 20}),
                           ("Kiểm tra và soát xét lại hệ thống truyền thanh cơ sở, ban biên tập",
                            culture, [self.communes[1]], {"deadline": datetime.date(day.year, 12, 31)})])
            self.issue(meeting)
            self.recommendations(meeting, host, day)
        return meeting

    def recommendations(self, meeting: Meeting, host: Organization, day: datetime.date) -> None:
        """Seed 002: what localities and enterprises raised, and the department's answers."""
        first, second, third = self.communes[:3]
        raised = [
            (first, "Quản lý hoạt động thông tin cơ sở", "Đề nghị hướng dẫn cơ chế phối hợp quản lý hoạt động "
             "thông tin cơ sở giữa UBND xã và các cơ quan chuyên môn.", host, 20, 12),
            (second, "Chế độ cho cán bộ truyền thanh cơ sở", "Đề nghị quy định chế độ phụ cấp cho cán bộ phụ "
             "trách đài truyền thanh cấp xã.", self.o("SVHTTDL-T11"), 30, None),
            (third, "Nhiễu sóng lạ của cụm loa truyền thanh không dây", "Nhiều cụm loa không dây do xã đầu tư bị "
             "nhiễu sóng lạ; đề nghị Sở phối hợp kiểm tra, xử lý.", host, 15, 9),
            (self.o("VIETTEL-DB"), "Sử dụng chung hạ tầng viễn thông", "Đề nghị tỉnh ban hành quy định sử dụng "
             "chung cột ăng-ten, cống bể cáp giữa các doanh nghiệp.", host, 30, 41),
            (self.o("VNPT-DB"), "Hoạt động quảng cáo của doanh nghiệp viễn thông", "Đề nghị hướng dẫn việc treo "
             "biển quảng cáo tại điểm giao dịch.", host, 20, None),
            (second, "Hoạt động của Đội kiểm tra liên ngành", "Đề nghị duy trì Đội kiểm tra liên ngành về văn "
             "hóa - thông tin ở cơ sở.", None, None, None),
        ]
        for organization, topic, content, assigned, due_days, answered_after in raised:
            if organization is None:
                continue
            recommendation = services.create_recommendation(self.user, {
                "raised_by": organization, "meeting": meeting, "raised_on": day, "topic": topic, "content": content,
                "assigned_to": assigned,
                "answer_due": day + datetime.timedelta(days=due_days) if due_days else None})
            if answered_after:
                services.answer_recommendation(self.user, recommendation, {
                    "answer_text": "Sở đã có văn bản hướng dẫn, phối hợp với các đơn vị liên quan tháo gỡ; "
                                   "đề nghị địa phương triển khai theo hướng dẫn.",
                    "answered_by": assigned, "answered_on": day + datetime.timedelta(days=answered_after)})
        # In writing, this autumn, to the first commune (the demo officer's): still waiting.
        if not Recommendation.objects.filter(topic="Hỗ trợ thiết bị cho đài truyền thanh xã").exists():
            services.create_recommendation(self.user, {
                "raised_by": second, "document_ref": "Công văn số 112/UBND-VX", "topic":
                "Hỗ trợ thiết bị cho đài truyền thanh xã", "content": "Đề nghị hỗ trợ thay thế máy tăng âm.",
                "raised_on": self.today - datetime.timedelta(days=25), "assigned_to": first,
                "answer_due": self.today + datetime.timedelta(days=5)})

    def series(self) -> None:
        host = self.o("SKHCN-T11")
        if host is None or len(self.communes) < 4:
            return
        series = MeetingSeries.objects.filter(name="Giao ban trực tuyến hàng tháng", organization=host).first() or \
            services.create_series(self.user, {"name": "Giao ban trực tuyến hàng tháng", "organization": host,
                                               "description": "Giao ban trực tuyến giữa Sở và UBND các xã, phường "
                                                              "về chuyển đổi số và thông tin cơ sở."})
        days = [_month_day(self.today, 1, 20), _month_day(self.today, 0, min(17, self.today.day)),
                _month_day(self.today, -1, 10)]
        common = {"kind": Meeting.Kind.ONLINE, "host_organization": host, "series": series,
                  "chair_name": "Lò Thị Mai", "chair_position": "Phó Giám đốc Sở",
                  "location": "Phòng họp trực tuyến Sở", "video_link": "https://meet.jit.si/dienbien-giao-ban"}
        statuses = (Connection.CONNECTED, Connection.CONNECTED, Connection.LATE)
        points = [(commune, "", "", 10, 8 + index, statuses[index]) for index, commune in enumerate(self.communes[:3])]
        last, new = self.meeting({**common, "title": f"Giao ban trực tuyến tháng {days[0].month}/{days[0].year}",
                                  "starts_at": _at(days[0], 14), "ends_at": _at(days[0], 16),
                                  "host_attendee_count": 12},
                                 agenda=[("Tình hình chuyển đổi số cấp xã", "Trần Minh Đức", 30)], points=points)
        if new:
            self.conclude(last, "", days[0], "Đề nghị các xã hoàn thành cập nhật dữ liệu đài truyền thanh và báo cáo "
                          "tiến độ cấp chữ ký số.",
                          [("Cập nhật dữ liệu đài truyền thanh cơ sở lên hệ thống", self.communes[0], [],
                            {"deadline": days[0] + datetime.timedelta(days=14)}),
                           ("Báo cáo tiến độ cấp chữ ký số cho cán bộ, công chức xã", self.communes[1], [],
                            {"deadline": days[0] + datetime.timedelta(days=45)})])
            tasks = self.issue(last)
            self._complete(tasks[:1], days[0] + datetime.timedelta(days=10))
        this, new = self.meeting({**common, "title": f"Giao ban trực tuyến tháng {days[1].month}/{days[1].year}",
                                  "starts_at": _at(days[1], 14), "ends_at": _at(days[1], 16), "host_attendee_count": 10,
                                  "status": Meeting.Status.HELD if days[1] < self.today else Meeting.Status.PLANNED},
                                 agenda=[("Tình hình thực hiện kết luận giao ban tháng trước", "Trần Minh Đức", 20),
                                         ("Kế hoạch tổng kết năm", "Lò Thị Mai", 30)],
                                 points=points + [(self.communes[3], "", "", 10, 9, Connection.CONNECTED)])
        self.meeting({**common, "title": f"Giao ban trực tuyến tháng {days[2].month}/{days[2].year}",
                      "starts_at": _at(days[2], 14), "ends_at": _at(days[2], 16)},
                     invited=self.communes[:4], agenda=[("Chuẩn bị hội nghị tổng kết năm", "Lò Thị Mai", 45)])

    def _complete(self, tasks, on: datetime.date) -> None:
        try:
            from dieuhanh.tasks import services as task_services
        except ImportError:  # the tasks app without its services: leave them open
            return
        complete = getattr(task_services, "complete_task", None)
        if complete is None or on > self.today:
            return
        # The demo's history ends yesterday: what a person does today is all that today's figures show.
        on = min(on, self.today - datetime.timedelta(days=1))
        if any(task.assigned_on > on for task in tasks):
            return
        for task in tasks:
            complete(self.user, task, completed_on=on, result="Đã cập nhật đầy đủ dữ liệu lên hệ thống.")

    def build(self) -> str:
        self.seed_004()
        self.year_end()
        self.series()
        return f"meetings: {self.created} demo meetings created, {self.issued} directives issued as tasks " \
               f"({Meeting.objects.count()} meetings, {Recommendation.objects.count()} recommendations in all)"


def load() -> str:
    """Load the demo meetings (idempotent); a one-line summary for `manage.py load_demo`."""
    user = User.objects.filter(username="demo_specialist").first() or User.objects.filter(username="demo_admin").first()
    if user is None:
        return "meetings: demo accounts missing, nothing loaded"
    with acting_as(user=user, source=Source.COMMAND), transaction.atomic():
        return MeetingDemo(user).build()
