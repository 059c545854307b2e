"""A whole conference cycle, as a department specialist and a commune officer new to the platform would
run it through the menus: record an online conference with three bridge points, record the chair's
conclusion with two directives, issue them as tasks; the commune's officer reports progress and
completes one task before its deadline and the other after it; the statistics then say 1 on time and
1 late, and each number opens exactly its task.

Both directives are led by the People's Committee of the commune the officer acts for (the officer
completes both), each with another organisation co-operating.

Nothing waits for a deadline to pass: the conference was held three weeks ago and is recorded now (a
conclusion notice commonly comes days after the meeting, and the department enters it then). Its
first directive is due two weeks from today; its second was due a week after the meeting, two weeks
ago. The officer completes both today: the first on time, the second two weeks late. The statistics
are asked for today alone, the day both were completed: the demo province's history ends yesterday,
and the test first checks that today's figures are 0 and 0.
"""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dieuhanh.core.workdays import working_days_between
from dieuhanh.meetings.models import BridgePoint, Directive, Meeting
from dieuhanh.orgs.models import Organization, User
from dieuhanh.tasks.models import Task

from .helpers import login, logout, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Hội nghị trực tuyến triển khai chuyển đổi số cấp xã"
ON_TIME = "Cập nhật danh sách cụm loa truyền thanh của xã lên hệ thống"
LATE = "Báo cáo số liệu cán bộ, công chức xã đã được cấp chữ ký số"


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def menu(page, href_end: str) -> None:
    """Open the navbar's dropdown that holds the entry whose link ends with `href_end`, and follow it."""
    entry = page.locator(f"a.dropdown-item[href$='{href_end}']")
    expect(page.locator(".dh-navbar").locator(entry)).to_have_count(1)
    page.locator(".dh-navbar li.dropdown", has=entry).locator("a.dropdown-toggle").click()
    with page.expect_navigation():
        entry.click()


def choose(page, field_id: str, organization: Organization) -> None:
    """A search-as-you-type select: type the name, then pick it among the options the server sends.

    A slow keystroke may send a search for part of the name first; the options of the whole name come
    last (htmx queues an element's requests) and replace the select's options, so pick only then."""
    box = page.locator(f"#{field_id}__search")
    name = box.get_attribute("name")

    def whole_name(response) -> bool:
        return "/lookup/" in response.url and parse_qs(urlsplit(response.url).query).get(name) == [organization.name]

    with page.expect_response(whole_name):
        box.press_sequentially(organization.name)
    expect(box).not_to_have_class(re.compile(r"\bhtmx-request\b"))  # the response is swapped in
    expect(page.locator(f"#{field_id} option[value='{organization.pk}']")).to_be_attached()
    page.select_option(f"#{field_id}", str(organization.pk))
    expect(page.locator(f"#{field_id}")).to_have_value(str(organization.pk))


def save(page, form: str = "main form"):
    with page.expect_navigation() as navigation:
        page.locator(f"{form} button[type=submit]").click()
    return navigation.value


def figure(page, key: str):
    return page.locator(f'[data-figure="{key}"] a.value')


def statistics_of(page, day: datetime.date) -> None:
    """The navbar's Statistics, for one day."""
    with page.expect_navigation():
        page.locator(".dh-navbar a.nav-link[href$='/statistics/']").click()
    page.fill("#start", dmy(day))
    page.fill("#at", dmy(day))
    with page.expect_navigation():
        page.locator("main form.dh-filterbar button").click()


def test_conference_cycle(demo, page):
    today = timezone.localdate()
    held_on = today - datetime.timedelta(days=21)
    officer = User.objects.select_related("organization").get(username="demo_officer")
    commune = officer.organization  # the commune People's Committee the officer acts for
    host = Organization.objects.get(code="SKHCN-T11")
    others = list(Organization.objects.filter(kind=Organization.Kind.PEOPLES_COMMITTEE, unit__level="commune",
                                              valid_until__isnull=True).exclude(pk=commune.pk).order_by("code")[:2])
    vnpt = Organization.objects.get(code="VNPT-DB")
    points = [commune, *others]

    # Nothing was completed today yet.
    login(page, demo, "demo_specialist")
    statistics_of(page, today)
    expect(figure(page, "tasks.completed_on_time")).to_have_text("0")
    expect(figure(page, "tasks.completed_late")).to_have_text("0")

    # The specialist records the conference: menu → Meetings → Add.
    menu(page, "/meetings/")
    with page.expect_navigation():
        page.locator("main a[href$='/meetings/add/']").click()
    page.fill("#id_title", TITLE)
    page.select_option("#id_kind", Meeting.Kind.ONLINE.value)
    page.fill("#id_starts_at", f"{dmy(held_on)} 08:00")
    page.fill("#id_ends_at", f"{dmy(held_on)} 11:30")
    # The specialist's own department hosts it unless they choose another.
    assert page.locator("#id_host_organization").input_value() == str(host.pk)
    page.fill("#id_chair_name", "Lò Thị Mai")
    page.fill("#id_chair_position", "Phó Giám đốc Sở")
    page.fill("#id_location", "Phòng họp trực tuyến Sở Khoa học và Công nghệ")
    assert save(page).status == 200
    meeting = Meeting.objects.get(title=TITLE)
    assert page.url == f"{demo}{meeting.get_absolute_url()}"
    assert meeting.host_organization == host

    # Three bridge points, each added from the meeting page and back to it.
    for index, organization in enumerate(points):
        with page.expect_navigation():
            page.locator("#bridge-points a[href*='/bridge-points/add/']").click()
        assert page.locator("#id_meeting").input_value() == str(meeting.pk), "the meeting is already chosen"
        cancel = page.locator("main form a.btn-link")
        assert cancel.get_attribute("href").startswith(meeting.get_absolute_url()), "Cancel goes back to the meeting"
        choose(page, "id_organization", organization)
        page.fill("#id_location", f"Hội trường {organization.short_name or organization.name}")
        page.fill("#id_chair_name", ["Cà Thị Lan", "Sùng A Páo", "Lường Văn Sơn"][index])
        page.fill("#id_expected_attendees", str(20 + index))
        assert save(page).status == 200
        assert page.url.startswith(f"{demo}{meeting.get_absolute_url()}"), page.url
    rows = page.locator("#bridge-points tbody tr[id^='bridge-point-']")
    expect(rows).to_have_count(3)
    for organization in points:
        expect(page.locator("#bridge-points")).to_contain_text(organization.name)
    expect(page.locator("#attendance-totals")).to_contain_text("3")
    assert BridgePoint.objects.filter(meeting=meeting).count() == 3

    # The chair's conclusion with two directives, both led by the officer's commune.
    with page.expect_navigation():
        page.locator("#conclusion a[href$='/conclusion/']").click()
    page.fill("#id_conclusion_number", "27/TB-SKHCN")
    page.fill("#id_concluded_on", dmy(held_on))
    page.fill("#id_conclusion_text", "Đồng chí Phó Giám đốc Sở kết luận: các xã khẩn trương cập nhật dữ liệu "
                                     "đài truyền thanh và báo cáo việc cấp chữ ký số.")
    directives = [(ON_TIME, today + datetime.timedelta(days=14), vnpt),
                  (LATE, held_on + datetime.timedelta(days=7), others[0])]
    for row, (text, deadline, cooperating) in enumerate(directives):
        page.fill(f"#id_directives-{row}-text", text)
        choose(page, f"id_directives-{row}-lead_organization", commune)
        page.select_option(f"#id_directives-{row}-cooperating_organizations", [str(cooperating.pk)])
        page.fill(f"#id_directives-{row}-deadline", dmy(deadline))
    assert save(page).status == 200
    assert page.url.startswith(f"{demo}{meeting.get_absolute_url()}"), page.url
    expect(page.locator("#conclusion")).to_contain_text("27/TB-SKHCN")
    expect(page.locator("#conclusion tbody tr")).to_have_count(2)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD  # a conclusion means the meeting was held

    # Issue the directives as tasks.
    expect(page.locator("#issue-tasks button")).to_contain_text("2")
    with page.expect_navigation():
        page.locator("#issue-tasks button[type=submit]").click()
    expect(page.locator("main .alert-success")).to_be_visible()
    tasks = {d.text: d.task for d in Directive.objects.filter(meeting=meeting).select_related("task")}
    on_time, late = tasks[ON_TIME], tasks[LATE]
    assert on_time is not None and late is not None
    assert (on_time.lead_organization, on_time.source_kind, on_time.source_number, on_time.assigned_on) == (
        commune, Task.Source.MEETING, "27/TB-SKHCN", held_on)
    for task in (on_time, late):
        expect(page.locator(f"#conclusion a[href$='/tasks/{task.pk}/']")).to_be_visible()
    expect(page.locator("#issue-tasks")).to_have_count(0)  # nothing left to issue
    screenshot(page, "cycle-1-meeting")
    logout(page)

    # The commune's officer finds both tasks under "My tasks", reports progress and completes them.
    login(page, demo, "demo_officer")
    for task, expected in ((on_time, Task.Timeliness.ON_TIME), (late, Task.Timeliness.LATE)):
        menu(page, "/tasks/?mine=me")
        with page.expect_navigation():
            page.locator(f"#object-table a[href$='/tasks/{task.pk}/']").first.click()
        expect(page.locator("main h1")).to_have_text(task.title)
        expect(page.locator("#task-meeting a")).to_have_text(TITLE)  # the meeting it came from

        page.locator("#progress button[data-bs-target='#progress-form']").click()
        expect(page.locator("#progress_percent")).to_be_visible()
        assert page.locator("#progress_reported_on").input_value() == dmy(today)
        page.fill("#progress_percent", "50")
        page.fill("#progress_text", "Đã giao công chức văn hóa - xã hội tổng hợp; đã xong một nửa.")
        assert save(page, "#progress-form").status == 200
        expect(page.locator("#progress .dh-timeline li")).to_have_count(1)
        expect(page.locator("#progress .dh-timeline")).to_contain_text("50%")

        page.locator("#progress button[data-bs-target='#complete-form']").click()
        expect(page.locator("#complete_result")).to_be_visible()
        assert page.locator("#complete_completed_on").input_value() == dmy(today)
        page.fill("#complete_result", "Đã hoàn thành, đã gửi báo cáo về Sở Khoa học và Công nghệ.")
        assert save(page, "#complete-form").status == 200
        expect(page.locator("main h1 ~ [data-timeliness]").first).to_have_attribute("data-timeliness", expected)
        task.refresh_from_db()
        assert (task.state, task.completed_on, task.timeliness) == (Task.State.COMPLETED, today, expected)
        late_by = page.locator("#completed-on .text-danger")
        if expected == Task.Timeliness.LATE:
            expect(late_by).to_contain_text(str(working_days_between(task.deadline, today)))
        else:
            expect(late_by).to_have_count(0)
        screenshot(page, f"cycle-2-task-{expected}")
    logout(page)

    # The specialist opens the statistics for today: 1 on time, 1 late, each number opening its task.
    login(page, demo, "demo_specialist")
    statistics_of(page, today)
    expect(figure(page, "tasks.completed_on_time")).to_have_text("1")
    expect(figure(page, "tasks.completed_late")).to_have_text("1")
    screenshot(page, "cycle-3-statistics")
    statistics = page.url
    for key, task in (("tasks.completed_on_time", on_time), ("tasks.completed_late", late)):
        page.goto(statistics)
        with page.expect_navigation():
            figure(page, key).click()
        rows = page.locator("#object-table tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first.locator(f"a[href$='/tasks/{task.pk}/']")).to_have_text(task.title)
        screenshot(page, f"cycle-4-list-{key.split('.')[1]}")

    # The meeting page shows how its directives ended.
    page.goto(f"{demo}{meeting.get_absolute_url()}")
    expect(page.locator(f"#conclusion [data-timeliness='{Task.Timeliness.ON_TIME}']")).to_have_count(1)
    expect(page.locator(f"#conclusion [data-timeliness='{Task.Timeliness.LATE}']")).to_have_count(1)
