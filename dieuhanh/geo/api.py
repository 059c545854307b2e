import datetime

from ninja import Schema

from dieuhanh.core.api import read_router

from .filters import AdministrativeUnitFilterSet
from .models import AdministrativeUnit


class AdministrativeUnitOut(Schema):
    id: int
    code: str
    name: str
    full_name: str
    division_type: str
    level: str
    parent: int | None = None
    province: int | None = None
    valid_from: datetime.date | None
    valid_until: datetime.date | None

    @staticmethod
    def resolve_parent(obj):
        return obj.parent_id

    @staticmethod
    def resolve_province(obj):
        return obj.province_id


router = read_router(model=AdministrativeUnit, out_schema=AdministrativeUnitOut,
                     filterset=AdministrativeUnitFilterSet, ordering=("level", "full_name", "pk"),
                     tags=["administrative units"])
