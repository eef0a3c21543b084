"""Compilations change only through the application's services (capacity, locks, history); administrators
read them and their history here. Nothing is deleted, and the capacity is never edited."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Compilation, Nomination, Score


@admin.register(Compilation)
class CompilationAdmin(ReadOnlyAdmin):
    list_display = ["title", "first_year", "last_year", "capacity", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title"]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ["model", "compilation", "selected", "nominated_by", "nominated_at"]
    list_filter = ["selected", "compilation"]
    list_select_related = ["model", "compilation", "nominated_by"]
    search_fields = ["model__code", "model__name"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["nomination", "reviewer", "concrete_address", "way_of_working", "measurable_results", "replicated"]
    list_select_related = ["nomination__model", "reviewer"]
