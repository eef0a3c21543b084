"""Thin views of the reference documents: everyone with a role reads them, the secretariat registers them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.views import FilteredListView
from models_registry.models import MovementModel

from .. import services
from ..export_columns import document_columns
from ..filtersets import ReferenceDocumentFilterSet
from ..forms import ReferenceDocumentForm
from ..models import Directive, ReferenceDocument


class DocumentListView(FilteredListView):
    permission = "meetings.view_referencedocument"
    denied_message = gettext_lazy("You may not read the reference documents.")
    filterset_class = ReferenceDocumentFilterSet
    template_name = "meetings/document_list.html"
    context_object_name = "documents"
    export_title = gettext_lazy("Reference documents")
    export_filename = "van-ban"

    def export_columns(self):
        return document_columns()

    def get_queryset(self):
        return (
            ReferenceDocument.objects.visible_to(self.request.user)
            .annotate(
                model_count=Count("registry_models", distinct=True),
                directive_count=Count("directives", distinct=True),
            )
            .order_by(F("issued_on").desc(nulls_last=True), "number", "pk")
        )


def document_detail(request, pk):
    document = get_object_or_404(ReferenceDocument.objects.visible_to(request.user), pk=pk)
    return render(
        request,
        "meetings/document_detail.html",
        {
            "document": document,
            "models": MovementModel.objects.visible_to(request.user)
            .filter(documents=document)
            .select_related("owner_agency"),
            "directives": Directive.objects.visible_to(request.user)
            .filter(documents=document)
            .with_status()
            .select_related("meeting"),
            "can_edit": request.user.has_perm("meetings.change_referencedocument"),
        },
    )


def document_create(request):
    if not request.user.has_perm("meetings.add_referencedocument"):
        raise PermissionDenied(_("You may not register reference documents."))
    form = ReferenceDocumentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                user=request.user, data=form.document_data(), registry_models=form.cleaned_data["registry_models"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document was registered."))
            return redirect(document)
    return render(request, "meetings/document_form.html", {"form": form})


def document_update(request, pk):
    document = get_object_or_404(ReferenceDocument.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("meetings.change_referencedocument"):
        raise PermissionDenied(_("You may not change reference documents."))
    form = ReferenceDocumentForm(request.POST or None, instance=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(
                document=document,
                user=request.user,
                data=form.document_data(),
                registry_models=form.cleaned_data["registry_models"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(document)
    return render(request, "meetings/document_form.html", {"form": form, "document": document})
