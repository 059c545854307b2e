"""Demo tasks for the demo province (Điện Biên): key tasks of the provincial People's Committee and
the directives of its year-end conference (seeds 000–004), over the previous and the current year,
in every state and status — done on time, done late, overdue, due soon, on track, regular,
cancelled, a pending extension request, one granted — with progress reports.

Built through the service functions as the demo accounts (demo_specialist for the department,
demo_officer for a commune's People's Committee), so the change log shows who did what. Dates are
counted from today, so the board and the calendar always have something current. Idempotent: a
task whose title exists already is left alone.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from dieuhanh.core.context import Source, acting_as
from dieuhanh.core.workdays import add_working_days, holidays_between
from dieuhanh.orgs.models import Organization, User

from . import services
from .models import Task

DOC = Task.Source.DOCUMENT
MEETING = Task.Source.MEETING
AD_HOC = Task.Source.AD_HOC

# (title, lead (organisation code, or "commune" / "commune2"), co-operating codes, key task?, source kind,
#  document number, scenario, assigned (days before today, or "prev:MM-DD" in the previous year))
TASKS = [
    # The previous year: the key tasks list of the provincial committee, all done on time ("12/12").
    ("Rà soát, đánh giá hiện trạng các hệ thống thông tin của các sở, ban, ngành và UBND cấp xã",
     "SKHCN-T11", ["VP-UBND-T11", "CA-T11"], True, MEETING, "", "on_time", "prev:01-20"),
    ("Lập danh sách cán bộ, công chức cấp xã cần đào tạo, bồi dưỡng về công nghệ thông tin",
     "SNV-T11", ["SKHCN-T11"], True, MEETING, "", "on_time", "prev:01-20"),
    ("Rà soát lại hệ thống đài truyền thanh cơ sở; đề xuất phương án sửa chữa, nâng cấp",
     "SVHTTDL-T11", ["SKHCN-T11", "STC-T11"], True, MEETING, "", "on_time", "prev:01-20"),
    ("Xây dựng Kế hoạch chuyển đổi số tỉnh Điện Biên năm {prev}",
     "SKHCN-T11", ["STC-T11"], True, DOC, "15/QĐ-UBND", "on_time", "prev:01-08"),
    ("Đưa Trung tâm giám sát, điều hành thông minh (IOC) tỉnh vào vận hành chính thức",
     "SKHCN-T11", ["VP-UBND-T11", "VNPT-DB"], True, DOC, "15/QĐ-UBND", "on_time", "prev:01-08"),
    ("Ban hành Quy chế phát ngôn và cung cấp thông tin cho báo chí của UBND tỉnh",
     "SVHTTDL-T11", ["VP-UBND-T11"], True, DOC, "15/QĐ-UBND", "on_time", "prev:02-10"),
    ("Tổ chức Hội nghị trực tuyến tổng kết công tác thông tin và truyền thông năm {prev2}",
     "SKHCN-T11", ["VP-UBND-T11"], True, DOC, "15/QĐ-UBND", "on_time", "prev:01-05"),
    ("Bảo đảm an toàn thông tin mạng cho hệ thống Chính quyền điện tử tỉnh",
     "SKHCN-T11", ["CA-T11"], True, DOC, "15/QĐ-UBND", "on_time", "prev:03-01"),
    ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công",
     "VP-UBND-T11", ["SKHCN-T11"], True, DOC, "15/QĐ-UBND", "on_time", "prev:03-15"),
    ("Triển khai nền tảng họp trực tuyến đến UBND các xã, phường",
     "SKHCN-T11", ["VNPT-DB", "VIETTEL-DB"], True, DOC, "15/QĐ-UBND", "on_time", "prev:04-02"),
    ("Tuyên truyền kỷ niệm Chiến thắng Điện Biên Phủ trên báo chí và hệ thống thông tin cơ sở",
     "BAO-DBP", ["SVHTTDL-T11"], True, DOC, "15/QĐ-UBND", "on_time", "prev:03-20"),
    ("Hoàn thành phủ sóng di động 4G tại các bản vùng sâu, vùng xa, biên giới",
     "VIETTEL-DB", ["MOBIFONE-DB", "VNPT-DB"], True, DOC, "15/QĐ-UBND", "on_time", "prev:02-15"),
    # The previous year: other tasks, some late.
    ("Cập nhật phần mềm Quản lý thông tin hoạt động báo chí trên địa bàn tỉnh",
     "SVHTTDL-T11", [], False, AD_HOC, "", "late", "prev:05-06"),
    ("Kiểm tra hoạt động xuất bản, in, phát hành xuất bản phẩm trên địa bàn thành phố",
     "SVHTTDL-T11", ["CA-T11"], False, DOC, "210/KH-SVHTTDL", "on_time", "prev:06-10"),
    ("Phối hợp các doanh nghiệp viễn thông dùng chung hạ tầng kỹ thuật viễn thông thụ động",
     "VNPT-DB", ["VIETTEL-DB", "MOBIFONE-DB"], False, MEETING, "", "late", "prev:07-01"),
    ("Báo cáo số liệu đài truyền thanh xã và cụm loa đang hoạt động",
     "commune", [], False, AD_HOC, "", "on_time", "prev:09-15"),
    # The current year: the new key tasks list.
    ("Xây dựng Kế hoạch chuyển đổi số tỉnh Điện Biên năm {year}",
     "SKHCN-T11", ["STC-T11"], True, DOC, "12/QĐ-UBND", "on_time", 300),
    ("Triển khai IOC giai đoạn 2: kết nối dữ liệu các sở, ngành",
     "SKHCN-T11", ["VP-UBND-T11", "SYT-T11", "SGDDT-T11"], True, DOC, "12/QĐ-UBND", "in_progress", 120),
    ("Đánh giá mức độ chuyển đổi số cấp xã năm {year}",
     "SKHCN-T11", ["SNV-T11"], True, DOC, "12/QĐ-UBND", "due_soon", 60),
    ("Báo cáo tình hình thực hiện Đề án 06 trên địa bàn tỉnh",
     "CA-T11", ["SKHCN-T11"], True, DOC, "12/QĐ-UBND", "on_time", 200),
    ("Nâng cấp Cổng thông tin điện tử tỉnh theo Nghị định 42/2022/NĐ-CP",
     "SKHCN-T11", ["VP-UBND-T11"], True, DOC, "12/QĐ-UBND", "overdue", 150),
    ("Rà soát, sắp xếp hệ thống đài truyền thanh cơ sở sau sắp xếp đơn vị hành chính cấp xã",
     "SVHTTDL-T11", ["SNV-T11"], True, DOC, "12/QĐ-UBND", "approved_ext", 110),
    ("Tổ chức lớp bồi dưỡng kỹ năng số cho công chức cấp xã",
     "SNV-T11", ["SKHCN-T11"], True, DOC, "12/QĐ-UBND", "tet_working_days", "tet"),
    ("Tuyên truyền Đại hội Đảng bộ tỉnh trên báo chí và hệ thống thông tin cơ sở",
     "BAO-DBP", ["SVHTTDL-T11"], True, DOC, "12/QĐ-UBND", "late", 250),
    # The current year: directives of the year-end conference and ad hoc tasks.
    ("Rà soát các hệ thống thông tin đang vận hành, đề xuất hợp nhất về nền tảng dùng chung",
     "SKHCN-T11", ["VP-UBND-T11"], False, MEETING, "", "in_progress", 45),
    ("Lập danh sách công chức văn hóa - xã hội các xã tham gia tập huấn chuyển đổi số",
     "commune", ["SNV-T11"], False, MEETING, "", "pending_ext", 35),
    ("Kiểm tra lại hoạt động của đài truyền thanh xã và các cụm loa không dây",
     "commune", [], False, MEETING, "", "overdue", 70),
    ("Xử lý tình trạng nhiễu sóng lạ của cụm loa truyền thanh không dây",
     "commune2", ["VIETTEL-DB"], False, MEETING, "", "in_time", 25),
    ("Kiện toàn tổ công nghệ số cộng đồng ở các thôn, bản",
     "commune", [], False, DOC, "85/UBND-VX", "due_soon", 30),
    ("Cập nhật tin, bài lên Trang thông tin điện tử của xã",
     "commune", [], False, AD_HOC, "", "regular", 200),
    ("Theo dõi, tổng hợp thông tin báo chí phản ánh liên quan đến địa phương",
     "SVHTTDL-T11", ["BAO-DBP"], False, AD_HOC, "", "regular", 280),
    ("Báo cáo kết quả thanh tra, kiểm tra lĩnh vực thông tin và truyền thông quý III",
     "SKHCN-T11", [], False, DOC, "320/SKHCN-TTra", "late", 100),
    ("Chuẩn bị nội dung Hội nghị trực tuyến sơ kết 6 tháng với 9 điểm cầu",
     "SKHCN-T11", ["VP-UBND-T11"], False, AD_HOC, "", "on_time", 170),
    ("Khảo sát nhu cầu wifi công cộng tại các điểm du lịch",
     "SKHCN-T11", ["SVHTTDL-T11", "VNPT-DB"], False, AD_HOC, "", "cancelled", 90),
    ("Hướng dẫn các xã sử dụng phần mềm quản lý văn bản và điều hành",
     "SKHCN-T11", ["commune", "commune2"], False, DOC, "410/SKHCN-CĐS", "in_time", 15),
    ("Báo cáo số liệu phục vụ báo cáo tổng kết năm {year}",
     "commune2", [], False, DOC, "450/SKHCN-VP", "in_time", 10),
    ("Phối hợp Bưu điện tỉnh chuyển phát kết quả thủ tục hành chính tận nhà",
     "BUUDIEN-DB", ["VP-UBND-T11"], False, AD_HOC, "", "assigned", 12),
    ("Triển khai chữ ký số cho cán bộ, công chức cấp xã",
     "SKHCN-T11", ["commune", "SNV-T11"], False, DOC, "388/SKHCN-CĐS", "overdue", 80),
    ("Thống kê cụm loa truyền thanh ứng dụng công nghệ thông tin - viễn thông đã lắp đặt",
     "commune", ["SVHTTDL-T11"], False, AD_HOC, "", "on_time", 140),
]


class TaskDemo:
    def __init__(self):
        self.today = timezone.localdate()
        self.specialist = User.objects.get(username="demo_specialist")
        self.officer = User.objects.get(username="demo_officer")
        self.officer2 = User.objects.get(username="demo_officer2")
        self.leader = User.objects.get(username="demo_leader")
        self.committee = Organization.objects.get(code="UBND-T11")
        self.created = 0

    def org(self, code: str) -> Organization:
        if code == "commune":
            return self.officer.organization
        if code == "commune2":
            return self.officer2.organization
        return Organization.objects.get(code=code)

    def reporter(self, lead: Organization) -> User:
        if lead == self.officer.organization:
            return self.officer
        if lead == self.officer2.organization:
            return self.officer2
        return self.specialist

    def tet(self) -> datetime.date:
        for day, name in holidays_between(datetime.date(self.today.year, 1, 1),
                                          datetime.date(self.today.year, 3, 31)).items():
            if "Giao thừa" in name:
                return day
        return datetime.date(self.today.year, 2, 1)

    def assigned_on(self, when) -> datetime.date:
        if when == "tet":
            return self.tet() - datetime.timedelta(days=8)
        if isinstance(when, str) and when.startswith("prev:"):
            month, day = (int(p) for p in when[5:].split("-"))
            return datetime.date(self.today.year - 1, month, day)
        return self.today - datetime.timedelta(days=when)

    def build(self) -> int:
        for number, spec in enumerate(TASKS, start=1):
            self.task(number, *spec)
        return self.created

    def task(self, number, title, lead_code, cooperating, is_key, source, doc_number, scenario, when):
        title = title.format(year=self.today.year, prev=self.today.year - 1, prev2=self.today.year - 2)
        if Task.all_objects.filter(title=title).exists():
            return
        assigned = self.assigned_on(when)
        if assigned > self.today:
            return
        lead = self.org(lead_code)
        person = self.reporter(lead)
        data = {
            "title": title, "content": f"{title}. Báo cáo kết quả về Sở Khoa học và Công nghệ để tổng hợp.",
            "is_key": is_key, "source_kind": source, "lead_organization": lead, "assigned_on": assigned,
            "assigning_authority": self.committee, "person_in_charge": person,
            "priority": Task.Priority.HIGH if is_key else Task.Priority.NORMAL,
        }
        if source == DOC:
            data.update(source_number=doc_number,
                        source_date=assigned - datetime.timedelta(days=2), source_signer="Giàng Thị Hoa")
        deadline = self.deadline(scenario, assigned)
        if scenario == "regular":
            data["is_regular"] = True
        elif scenario == "tet_working_days":
            data.update(start_date=assigned, working_days=15)
        else:
            data["deadline"] = deadline
        task = services.create_task(self.specialist, data, [self.org(code) for code in cooperating])
        self.created += 1
        self.play(task, scenario, person)

    def deadline(self, scenario: str, assigned: datetime.date) -> datetime.date | None:
        span = {"on_time": 60, "late": 45}
        if scenario in span:
            return min(assigned + datetime.timedelta(days=span[scenario]), self.today - datetime.timedelta(days=10))
        if scenario == "overdue":
            return max(assigned + datetime.timedelta(days=20), self.today - datetime.timedelta(days=12))
        if scenario == "due_soon":
            return add_working_days(self.today, 2)
        if scenario == "approved_ext":
            return max(assigned + datetime.timedelta(days=30), self.today - datetime.timedelta(days=5))
        if scenario in ("in_progress", "in_time", "assigned", "pending_ext", "cancelled"):
            return self.today + datetime.timedelta(days=35)
        return None

    def play(self, task: Task, scenario: str, person: User) -> None:
        today = self.today
        span = (today - task.assigned_on).days
        if scenario in ("assigned", "regular") and span < 20:
            return
        if scenario == "cancelled":
            services.report_progress(person, task, reported_on=task.assigned_on + datetime.timedelta(days=10),
                                     percent=10, text="Đã khảo sát sơ bộ 5 điểm du lịch.")
            services.cancel_task(self.leader, task, cancelled_on=today - datetime.timedelta(days=20),
                                 reason="UBND tỉnh giao lồng ghép vào Đề án phát triển du lịch thông minh; "
                                        "không triển khai riêng.")
            return
        end = task.deadline if task.deadline and task.deadline < today else today
        steps = [(0.3, 30, "Đã ban hành văn bản triển khai, phân công cán bộ theo dõi."),
                 (0.6, 60, "Đã hoàn thành rà soát, đang tổng hợp số liệu và dự thảo báo cáo.")]
        for fraction, percent, text in steps:
            reported_on = task.assigned_on + datetime.timedelta(days=int((end - task.assigned_on).days * fraction))
            if task.assigned_on <= reported_on <= today and scenario != "assigned":
                services.report_progress(person, task, reported_on=reported_on, percent=percent, text=text)
        if scenario in ("on_time", "late", "tet_working_days"):
            if scenario == "late":
                completed = min(task.deadline + datetime.timedelta(days=9), today)
            else:
                completed = min(task.deadline - datetime.timedelta(days=3), today)
            if task.deadline > today and scenario == "tet_working_days":
                return  # Tết is still ahead: the task is on track
            completed = max(completed, task.assigned_on)
            services.complete_task(person, task, completed_on=completed,
                                   result="Đã hoàn thành, báo cáo kết quả gửi UBND tỉnh và Sở Khoa học và Công nghệ.",
                                   evidence=f"Báo cáo số {40 + task.pk}/BC ngày {completed:%d/%m/%Y}")
        elif scenario == "pending_ext":
            services.request_extension(person, task, new_deadline=task.deadline + datetime.timedelta(days=20),
                                       reason="Một số thôn, bản chưa gửi danh sách do mưa lũ chia cắt đường.")
        elif scenario == "approved_ext":
            extension = services.request_extension(
                person, task, new_deadline=today + datetime.timedelta(days=40),
                reason="Chờ kết quả sắp xếp đơn vị hành chính cấp xã để thống nhất danh mục đài.")
            services.decide_extension(self.leader, extension, approve=True,
                                      note="Đồng ý gia hạn theo đề nghị.")


def load() -> str:
    """Load the demo tasks (idempotent); a one-line summary for `manage.py load_demo`."""
    if not User.objects.filter(username="demo_specialist").exists():
        return "tasks: demo accounts missing, nothing loaded"
    with acting_as(source=Source.COMMAND), transaction.atomic():
        created = TaskDemo().build()
    return f"tasks: {created} demo tasks created ({Task.objects.count()} in all)"
