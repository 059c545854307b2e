from django.utils.translation import gettext_lazy as _

from dieuhanh.core import search
from dieuhanh.core.navigation import MenuGroup, MenuItem, register

from .models import Bulletin, InterferenceReport, LoudspeakerCluster, RadioStaff, RadioStation, StationWork

register(MenuGroup(_("Grassroots radio"), [
    MenuItem(_("Network"), "grassroots:network", RadioStation),
    MenuItem(_("Radio stations"), "grassroots:radiostation_list", RadioStation),
    MenuItem(_("Loudspeaker clusters"), "grassroots:loudspeakercluster_list", LoudspeakerCluster),
    MenuItem(_("Works on stations"), "grassroots:stationwork_list", StationWork),
    MenuItem(_("Interference reports"), "grassroots:interferencereport_list", InterferenceReport),
    MenuItem(_("Radio staff"), "grassroots:radiostaff_list", RadioStaff),
    MenuItem(_("Bulletins"), "grassroots:bulletin_list", Bulletin),
    MenuItem(_("Communes and coverage"), "grassroots:commune_list", RadioStation),
    MenuItem(_("Statistics"), "grassroots:statistics", RadioStation),
], weight=60))
search.register(RadioStation, select_related=("unit",), order_by=("name",))
search.register(StationWork, select_related=("station",), order_by=("-started_on",))
search.register(RadioStaff, select_related=("station",), order_by=("full_name",))
search.register(Bulletin, order_by=("-broadcast_at",))
