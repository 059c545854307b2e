from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dieuhanh.core.tables import Column, Table


def _money(value, row):
    from dieuhanh.core.templatetags.dieuhanh import vnd

    return "—" if value is None else vnd(value)


def _number(value, row):
    from dieuhanh.core.templatetags.dieuhanh import num

    return num(value)


class ProvisionTable(Table):
    reference = Column(_("Provision"), accessor="reference", linkify=True, order_by="article")
    decree = Column(_("Decree"))
    title = Column(_("Act"), order_by=False)
    field = Column(pgettext_lazy("sector", "Field"))
    fine_min = Column(_("Minimum fine (VND)"), formatter=_money, css="text-end")
    fine_max = Column(_("Maximum fine (VND)"), formatter=_money, css="text-end")
    fine_applies_to = Column(_("Range stated for"))
    valid_from = Column(_("In force from"))
    valid_until = Column(_("In force until"))
    default_order = ("decree", "article", "clause", "point", "pk")


class InspectionPlanTable(Table):
    title = Column(_("Title"), linkify=True)
    year = Column(_("Year"), formatter=lambda value, row: str(value))
    organization = Column(_("Organisation"), linkify="value", order_by="organization__name")
    decision_number = Column(_("Approval decision number"))
    decision_date = Column(_("Approval decision date"))
    select_related = ("organization",)
    default_order = ("-year", "title", "pk")


class PlannedInspectionTable(Table):
    item = Column(_("Planned inspection"), accessor="__str__", linkify=True, order_by="subject")
    plan = Column(_("Plan"), linkify="value", order_by="plan__title")
    kind = Column(_("Kind"))
    field = Column(pgettext_lazy("sector", "Field"))
    quarter = Column(_("Quarter"))
    select_related = ("plan",)
    default_order = ("plan__title", "quarter", "pk")


class InspectionTable(Table):
    title = Column(_("Title"), linkify=True)
    kind = Column(_("Kind"))
    field = Column(pgettext_lazy("sector", "Field"))
    organization = Column(_("Inspecting organisation"), linkify="value", order_by="organization__name")
    decision_number = Column(_("Decision number"))
    started_on = Column(_("Start date"))
    ended_on = Column(_("Ended on"))
    prefetch_related = ("organization",)
    default_order = ("-started_on", "-pk")


class InspectionSubjectTable(Table):
    name = Column(_("Name"), linkify=True)
    kind = Column(_("Kind"))
    inspection = Column(_("Inspection"), linkify="value", order_by="inspection__title")
    identifier = Column(_("Tax code or ID number"))
    address = Column(_("Address"), order_by=False)
    select_related = ("inspection",)
    default_order = ("name", "pk")


class ViolationTable(Table):
    violation = Column(_("Act"), accessor="__str__", linkify=True, order_by="description")
    subject = Column(_("Subject"), linkify="value", order_by="subject__name")
    provision = Column(_("Legal provision"), accessor="provision.reference", order_by="provision__article")
    act_date = Column(_("Date of the act"))
    inspection = Column(_("Inspection"), linkify="value", order_by="inspection__title")
    select_related = ("subject", "provision", "inspection")
    default_order = ("-act_date", "-pk")


class SanctionTable(Table):
    number = Column(_("Decision number"), linkify=True)
    date = Column(_("Decision date"))
    subject = Column(_("Subject"), linkify="value", order_by="subject__name")
    fine_amount = Column(_("Fine (VND)"), formatter=_money, css="text-end")
    enforcement = Column(_("Enforcement status"))
    signer = Column(_("Signed by"))
    select_related = ("subject",)
    default_order = ("-date", "-pk")


class PaymentTable(Table):
    payment = Column(_("Payment"), accessor="__str__", linkify=True, order_by="paid_on")
    sanction = Column(_("Sanction decision"), linkify="value", order_by="sanction__number")
    paid_on = Column(_("Paid on"))
    amount = Column(_("Amount (VND)"), formatter=_money, css="text-end")
    receipt_number = Column(_("Receipt number"))
    select_related = ("sanction",)
    default_order = ("-paid_on", "-pk")


class ConfiscationTable(Table):
    confiscation = Column(_("Confiscation"), accessor="__str__", linkify=True, order_by="item_kind")
    sanction = Column(_("Sanction decision"), linkify="value", order_by="sanction__number")
    item_kind = Column(_("Item kind"))
    quantity = Column(_("Quantity"), formatter=_number, css="text-end")
    unit = Column(_("Unit of measure"))
    disposal = Column(_("Disposal"))
    select_related = ("sanction",)
    default_order = ("-pk",)
