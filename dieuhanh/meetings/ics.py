"""The meeting as an iCalendar (RFC 5545 / iTIP) entry: the invitation's .ics file.

One UID per meeting for its whole life and SEQUENCE = the meeting's revision, so that a calendar
replaces the entry it has when an update (new time, venue or link) or a cancellation arrives.
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

TIMEZONE = "Asia/Ho_Chi_Minh"


def uid_domain() -> str:
    explicit = getattr(settings, "MEETINGS_ICS_DOMAIN", "")
    if explicit:
        return explicit
    hosts = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host not in ("*", "") and "*" not in host]
    return hosts[0] if hosts else "dieuhanh.local"


def meeting_uid(meeting) -> str:
    return f"meeting-{meeting.pk}@{uid_domain()}"


def _agenda_lines(meeting) -> list[str]:
    lines = []
    for item in meeting.agenda_items.all():
        line = f"{item.order}. {item.title}"
        if item.presenter:
            line += f" ({item.presenter})"
        lines.append(line)
    return lines


def description(meeting) -> str:
    parts = []
    if meeting.chair_display:
        parts.append(_("Chair: %(chair)s") % {"chair": meeting.chair_display})
    parts.append(_("Host: %(host)s") % {"host": meeting.host_organization})
    agenda = _agenda_lines(meeting)
    if agenda:
        parts.append(_("Agenda:") + "\n" + "\n".join(agenda))
    if meeting.video_link:
        parts.append(_("Video conference: %(link)s") % {"link": meeting.video_link})
    return "\n\n".join(parts)


def calendar_for(meeting, method: str, attendees=()) -> bytes:
    """The VCALENDAR with one VEVENT; `attendees` are (organisation or None, email) pairs."""
    from icalendar import Calendar, Event, vCalAddress, vText

    tz = zoneinfo.ZoneInfo(TIMEZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Dieu hanh//meetings//VI")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(tz))
    event.add("dtend", meeting.ends_at.astimezone(tz))
    event.add("summary", meeting.title)
    location = meeting.location or (meeting.video_link if meeting.kind == meeting.Kind.ONLINE else "")
    if location:
        event.add("location", location)
    if meeting.video_link:
        event.add("url", meeting.video_link)
    event.add("description", description(meeting))
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(str(meeting.host_organization))
    event.add("organizer", organizer, encode=0)
    for organization, email in attendees:
        attendee = vCalAddress(f"mailto:{email}")
        if organization is not None:
            attendee.params["cn"] = vText(str(organization))
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def invitation_body(meeting, cancelled: bool = False) -> str:
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    from django.utils import formats

    when = f"{formats.date_format(start, 'SHORT_DATETIME_FORMAT')} – {formats.time_format(end, 'TIME_FORMAT')}"
    if cancelled:
        head = _("The meeting “%(title)s” planned for %(when)s is cancelled.") % {"title": meeting.title, "when": when}
    elif meeting.sequence:
        head = _("The meeting “%(title)s” has changed. It now takes place %(when)s.") % {
            "title": meeting.title, "when": when}
    else:
        head = _("You are invited to the meeting “%(title)s”, %(when)s.") % {"title": meeting.title, "when": when}
    lines = [head, ""]
    if meeting.location and not cancelled:
        lines.append(_("Venue: %(location)s") % {"location": meeting.location})
    lines += ["", description(meeting), "", _("The attached calendar file (.ics) adds it to your calendar.")]
    return "\n".join(lines)
