import datetime

from ninja import Field, Schema

from dieuhanh.core.api import InputSchema, crud_router

from . import services
from .filters import OrganizationFilterSet, PersonFilterSet
from .models import Organization, Person

KINDS = tuple(Organization.Kind.values)


class OrganizationOut(Schema):
    id: int
    name: str
    short_name: str
    code: str
    kind: str
    unit: int = Field(..., alias="unit_id")
    province: int | None = Field(None, alias="province_id")
    parent: int | None = Field(None, alias="parent_id")
    successor: int | None = Field(None, alias="successor_id")
    operates_platform: bool
    address: str
    phone: str
    email: str
    website: str
    tax_code: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    notes: str


class OrganizationIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=255)
    short_name: str = Field("", max_length=100)
    code: str = Field("", max_length=50)
    kind: Organization.Kind
    unit: int
    parent: int | None = None
    successor: int | None = None
    address: str = Field("", max_length=255)
    phone: str = Field("", max_length=50)
    email: str = Field("", max_length=254)
    website: str = Field("", max_length=200)
    tax_code: str = Field("", max_length=20)
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    notes: str = ""


class PersonOut(Schema):
    id: int
    full_name: str
    organization: int = Field(..., alias="organization_id")
    position: str
    division: str
    phone: str
    email: str
    is_active: bool
    notes: str


class PersonIn(InputSchema):
    full_name: str = Field(..., min_length=1, max_length=150)
    organization: int
    position: str = Field("", max_length=150)
    division: str = Field("", max_length=150)
    phone: str = Field("", max_length=50)
    email: str = Field("", max_length=254)
    is_active: bool = True
    notes: str = ""


organizations_router = crud_router(
    model=Organization, out_schema=OrganizationOut, in_schema=OrganizationIn, filterset=OrganizationFilterSet,
    create=services.create_organization, update=services.update_organization,
    delete=services.delete_organization, ordering=("name", "pk"), tags=["organisations"])

people_router = crud_router(
    model=Person, out_schema=PersonOut, in_schema=PersonIn, filterset=PersonFilterSet,
    create=services.create_person, update=services.update_person, delete=services.delete_person,
    ordering=("full_name", "pk"), tags=["people"])
