"""REST endpoints of grassroots: /api/grassroots/stations/, clusters/, works/, interference/, staff/,
bulletins/ (the standard scoped CRUD), plus a station's status history and acceptance of a work."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from dieuhanh.core import context
from dieuhanh.core.api import InputSchema, _require_action, crud_router
from dieuhanh.core.roles import CHANGE, VIEW

from . import services
from .filters import (
    BulletinFilterSet,
    InterferenceReportFilterSet,
    LoudspeakerClusterFilterSet,
    RadioStaffFilterSet,
    RadioStationFilterSet,
    StationWorkFilterSet,
)
from .models import (
    Bulletin,
    InterferenceReport,
    LoudspeakerCluster,
    RadioStaff,
    RadioStation,
    StationStatusChange,
    StationWork,
    Technology,
)
from .models import (
    Status as StationStatus,
)

router = Router()


class StationOut(Schema):
    id: int
    name: str
    unit: int = Field(..., alias="unit_id")
    province: int | None = Field(None, alias="province_id")
    organization: int = Field(..., alias="organization_id")
    single_station: bool
    technology: str
    frequency_mhz: float | None
    licence_number: str
    licence_expires: datetime.date | None
    equipment: str
    commissioned_on: datetime.date | None
    villages: int | None
    status: str
    status_since: datetime.date | None
    address: str
    latitude: float | None
    longitude: float | None
    notes: str


class StationIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=200)
    unit: int
    organization: int
    single_station: bool = True
    technology: Technology
    frequency_mhz: Decimal | None = Field(None, max_digits=7, decimal_places=3)
    licence_number: str = Field("", max_length=100)
    licence_expires: datetime.date | None = None
    equipment: str = ""
    commissioned_on: datetime.date | None = None
    villages: int | None = Field(None, ge=0)
    status: StationStatus | None = Field(None, description="Status when created; afterwards POST …/status")
    address: str = Field("", max_length=255)
    latitude: Decimal | None = Field(None, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, max_digits=9, decimal_places=6)
    notes: str = ""


class StatusChangeOut(Schema):
    id: int
    station: int = Field(..., alias="station_id")
    date: datetime.date
    status: str
    reason: str
    work: int | None = Field(None, alias="work_id")


class StatusChangeIn(InputSchema):
    status: StationStatus
    date: datetime.date
    reason: str = Field("", max_length=500)


class ClusterOut(Schema):
    id: int
    station: int = Field(..., alias="station_id")
    name: str
    village: str
    technology: str
    status: str
    speakers: int
    installed_on: datetime.date | None
    latitude: float | None
    longitude: float | None
    notes: str


class ClusterIn(InputSchema):
    station: int
    name: str = Field(..., min_length=1, max_length=200)
    village: str = Field("", max_length=200)
    technology: Technology
    status: StationStatus = StationStatus.OPERATING
    speakers: int = Field(1, ge=0)
    installed_on: datetime.date | None = None
    latitude: Decimal | None = Field(None, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, max_digits=9, decimal_places=6)
    notes: str = ""


class WorkOut(Schema):
    id: int
    station: int = Field(..., alias="station_id")
    kind: str
    title: str
    started_on: datetime.date
    completed_on: datetime.date | None
    accepted_on: datetime.date | None
    contractor: str
    cost: int | None
    funding_source: str
    acceptance_note: str
    notes: str


class WorkIn(InputSchema):
    station: int
    kind: StationWork.Kind
    title: str = Field(..., min_length=1, max_length=255)
    started_on: datetime.date
    completed_on: datetime.date | None = None
    accepted_on: datetime.date | None = Field(None, description="Accepts the work (see POST …/accept)")
    contractor: str = Field("", max_length=255)
    cost: int | None = None
    funding_source: StationWork.Funding = StationWork.Funding.PROVINCIAL
    notes: str = ""


class AcceptIn(InputSchema):
    accepted_on: datetime.date
    acceptance_note: str = ""


class InterferenceOut(Schema):
    id: int
    reported_on: datetime.date
    reporter: str
    unit: int = Field(..., alias="unit_id")
    province: int | None = Field(None, alias="province_id")
    organization: int = Field(..., alias="organization_id")
    station: int | None = Field(None, alias="station_id")
    location: str
    frequency_mhz: float | None
    description: str
    state: str
    investigation: str
    result: str
    closed_on: datetime.date | None
    inspection_reference: str


class InterferenceIn(InputSchema):
    reported_on: datetime.date
    reporter: str = Field(..., min_length=1, max_length=255)
    unit: int
    organization: int
    station: int | None = None
    location: str = Field("", max_length=255)
    frequency_mhz: Decimal | None = Field(None, max_digits=7, decimal_places=3)
    description: str = Field(..., min_length=1)
    state: InterferenceReport.State = InterferenceReport.State.REPORTED
    investigation: str = ""
    result: str = ""
    closed_on: datetime.date | None = None
    inspection_reference: str = Field("", max_length=255)


class StaffOut(Schema):
    id: int
    station: int = Field(..., alias="station_id")
    full_name: str
    role: str
    phone: str
    training: str
    monthly_allowance: int | None
    editorial_board: bool
    is_active: bool
    notes: str


class StaffIn(InputSchema):
    station: int
    full_name: str = Field(..., min_length=1, max_length=150)
    role: RadioStaff.Role = RadioStaff.Role.OTHER
    phone: str = Field("", max_length=50)
    training: str = Field("", max_length=255)
    monthly_allowance: int | None = None
    editorial_board: bool = False
    is_active: bool = True
    notes: str = ""


class BulletinOut(Schema):
    id: int
    title: str
    source: str
    priority: str
    campaign: str
    organization: int = Field(..., alias="organization_id")
    broadcast_at: datetime.datetime
    stations: list[int]
    content: str

    @staticmethod
    def resolve_stations(obj):
        return [station.pk for station in obj.stations.all()]


class BulletinIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=255)
    source: str = Field(..., min_length=1, max_length=255)
    priority: Bulletin.Priority = Bulletin.Priority.NORMAL
    campaign: str = Field("", max_length=200)
    organization: int
    broadcast_at: datetime.datetime
    stations: list[int] = []
    content: str = ""


def _create_station(user, data):
    return services.create_station(user, {k: v for k, v in data.items() if not (k == "status" and v is None)})


stations = crud_router(model=RadioStation, out_schema=StationOut, in_schema=StationIn,
                       filterset=RadioStationFilterSet, create=_create_station, update=services.update_station,
                       delete=services.delete_station, ordering=("name", "pk"), tags=["radio stations"])


@stations.get("/{int:pk}/status", response=list[StatusChangeOut], operation_id="list_station_status_changes",
              summary="List a radio station's status changes")
def list_status_changes(request, pk: int):
    _require_action(request.user, RadioStation, VIEW)
    station = get_object_or_404(RadioStation.objects.restrict(request.user), pk=pk)
    return list(StationStatusChange.objects.restrict(request.user).filter(station=station))


@stations.post("/{int:pk}/status", response={201: StatusChangeOut}, operation_id="create_station_status_change",
               summary="Record a radio station's status change")
def create_status_change(request, pk: int, payload: StatusChangeIn):
    _require_action(request.user, RadioStation, CHANGE)
    station = get_object_or_404(RadioStation.objects.restrict(request.user, CHANGE), pk=pk)
    with context.as_user(request.user):
        change = services.record_status_change(request.user, station, payload.dict())
    return Status(201, change)


works = crud_router(model=StationWork, out_schema=WorkOut, in_schema=WorkIn, filterset=StationWorkFilterSet,
                    create=services.create_work, update=services.update_work, delete=services.delete_work,
                    ordering=("-started_on", "-pk"), tags=["station works"])


@works.post("/{int:pk}/accept", response=WorkOut, operation_id="accept_stationwork",
            summary="Accept a station work (a repair returns the station to operating)")
def accept(request, pk: int, payload: AcceptIn):
    _require_action(request.user, StationWork, CHANGE)
    work = get_object_or_404(StationWork.objects.restrict(request.user, CHANGE), pk=pk)
    with context.as_user(request.user):
        return services.accept_work(request.user, work, payload.dict())


router.add_router("/stations", stations)
router.add_router("/clusters", crud_router(
    model=LoudspeakerCluster, out_schema=ClusterOut, in_schema=ClusterIn, filterset=LoudspeakerClusterFilterSet,
    create=services.create_cluster, update=services.update_cluster, delete=services.delete_cluster,
    ordering=("station_id", "name", "pk"), tags=["loudspeaker clusters"]))
router.add_router("/works", works)
router.add_router("/interference", crud_router(
    model=InterferenceReport, out_schema=InterferenceOut, in_schema=InterferenceIn,
    filterset=InterferenceReportFilterSet, create=services.create_interference,
    update=services.update_interference, delete=services.delete_interference,
    ordering=("-reported_on", "-pk"), tags=["interference reports"]))
router.add_router("/staff", crud_router(
    model=RadioStaff, out_schema=StaffOut, in_schema=StaffIn, filterset=RadioStaffFilterSet,
    create=services.create_staff, update=services.update_staff, delete=services.delete_staff,
    ordering=("full_name", "pk"), tags=["radio staff"]))
router.add_router("/bulletins", crud_router(
    model=Bulletin, out_schema=BulletinOut, in_schema=BulletinIn, filterset=BulletinFilterSet,
    create=services.create_bulletin, update=services.update_bulletin, delete=services.delete_bulletin,
    ordering=("-broadcast_at", "-pk"), tags=["bulletins"], prefetch_related=("stations",)))
