from django.utils.translation import gettext_lazy as _

from dieuhanh.core.tables import Column, Table

from . import services


class RadioStationTable(Table):
    name = Column(_("Name"), linkify=True)
    unit = Column(_("Commune"), linkify="value", order_by="unit__full_name")
    technology = Column(_("Technology"))
    frequency_mhz = Column(_("Frequency (MHz)"))
    status = Column(_("Status"))
    status_since = Column(_("Status since"))
    commissioned_on = Column(_("Commissioned on"))
    organization = Column(_("Operating organisation"), linkify="value", order_by="organization__name")
    # Fetched for the page's rows only (see orgs.tables).
    prefetch_related = ("unit", "organization")
    default_order = ("name", "pk")


class LoudspeakerClusterTable(Table):
    name = Column(_("Name"), linkify=True)
    station = Column(_("Radio station"), linkify="value", order_by="station__name")
    village = Column(_("Village / residential group"))
    technology = Column(_("Technology"))
    status = Column(_("Status"))
    speakers = Column(_("Loudspeakers"))
    select_related = ("station",)
    default_order = ("station__name", "name", "pk")


def _money(value, row):
    from dieuhanh.core.templatetags.dieuhanh import vnd

    return "—" if value is None else vnd(value)


class StationWorkTable(Table):
    title = Column(_("Title"), linkify=True)
    station = Column(_("Radio station"), linkify="value", order_by="station__name")
    kind = Column(_("Kind"))
    started_on = Column(_("Started on"))
    accepted_on = Column(_("Accepted on"))
    contractor = Column(_("Contractor"))
    cost = Column(_("Cost (VND)"), formatter=_money, css="text-end")
    funding_source = Column(_("Funding source"))
    select_related = ("station",)
    default_order = ("-started_on", "-pk")


class InterferenceReportTable(Table):
    report = Column(_("Report"), accessor="__str__", linkify=True, order_by="reported_on")
    reporter = Column(_("Reported by"))
    unit = Column(_("Commune"), linkify="value", order_by="unit__full_name")
    location = Column(_("Where"))
    frequency_mhz = Column(_("Frequency (MHz)"))
    state = Column(_("State"))
    inspection_reference = Column(_("Radio-frequency inspection"), order_by=False)
    prefetch_related = ("unit",)
    default_order = ("-reported_on", "-pk")


class RadioStaffTable(Table):
    full_name = Column(_("Full name"), linkify=True)
    station = Column(_("Radio station"), linkify="value", order_by="station__name")
    role = Column(_("Role"))
    training = Column(_("Training"), order_by=False)
    monthly_allowance = Column(_("Monthly allowance (VND)"), formatter=_money, css="text-end")
    editorial_board = Column(_("Editorial board"))
    is_active = Column(_("Still in post"))
    select_related = ("station",)
    default_order = ("full_name", "pk")


class BulletinTable(Table):
    broadcast_at = Column(_("Broadcast at"))
    title = Column(_("Title"), linkify=True)
    priority = Column(_("Priority"))
    campaign = Column(_("Campaign"))
    source = Column(_("Source"))
    station_count = Column(_("Stations"), order_by=False, css="text-end")
    organization = Column(_("Issued by"), linkify="value", order_by="organization__name")
    select_related = ("organization",)
    default_order = ("-broadcast_at", "-pk")

    def prepare(self, queryset):
        from django.db.models import Count

        return super().prepare(queryset.annotate(station_count=Count("stations")))


class CommuneTable(Table):
    """Communes of today with the stations that roll up into them (computed for the page's rows)."""

    full_name = Column(_("Commune"), linkify=True)
    province = Column(_("Province"), order_by="province__full_name")
    station_count = Column(_("Stations"), order_by=False, css="text-end")
    operating = Column(_("Operating"), order_by=False, css="text-end")
    clusters = Column(_("Loudspeaker clusters"), order_by=False, css="text-end")
    village_share = Column(_("Villages covered (%)"), order_by=False, css="text-end",
                           formatter=lambda value, row: "—" if value is None else f"{value:.0f} %")
    select_related = ("province",)
    default_order = ("province__full_name", "full_name", "pk")

    def __init__(self, ordering=None, user=None, date=None):
        super().__init__(ordering)
        self.user, self.date = user, date

    def rows(self, objects):
        from django.utils import timezone

        objects = list(objects)
        data = {row.unit.pk: row for row in services.commune_rows(self.user, objects, self.date
                                                                   or timezone.localdate())}
        for obj in objects:
            row = data[obj.pk]
            obj.station_count, obj.operating, obj.clusters = len(row.stations), row.operating, row.clusters
            obj.village_share = row.village_share
        return super().rows(objects)
