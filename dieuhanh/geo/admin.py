from django.contrib import admin

from .models import AdministrativeUnit, UnitDataset, UnitSuccession


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("full_name", "code", "level", "province", "valid_from", "valid_until")
    list_filter = ("level",)
    search_fields = ("search_text", "code")
    raw_id_fields = ("parent", "province")


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "date", "kind", "partial")
    raw_id_fields = ("predecessor", "successor")


@admin.register(UnitDataset)
class UnitDatasetAdmin(admin.ModelAdmin):
    list_display = ("package", "version", "data_version", "license", "last_updated")
