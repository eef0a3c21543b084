"""Thin views of the registry's models: narrow the queryset to what the user may see (404 for the rest), check
the role (403), validate, call a service, render."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.pagination import keyset_page
from core.views import FilteredListView
from core.workflow import allowed_moves

from .. import services
from ..export_columns import model_columns
from ..filtersets import MovementModelFilterSet
from ..forms import (
    BulkActionForm,
    IndicatorFormSet,
    MovementModelForm,
    ReplicationKindForm,
    ReplicationLinkForm,
    indicator_initial,
)
from ..history import model_timeline
from ..models import AdministrativeUnit, ModelAttachment, ModelIndicator, MovementModel, Replication
from ..models.registry import decides, edits
from ..spread import model_spread


def _visible_model(request, pk) -> MovementModel:
    return get_object_or_404(MovementModel.objects.visible_to(request.user), pk=pk)


def _editable_model(request, pk) -> MovementModel:
    """The model if the user may change it; 404 if they may not even see it, 403 with the reason otherwise."""
    model = _visible_model(request, pk)
    if not MovementModel.objects.editable_by(request.user).filter(pk=model.pk).exists():
        if not model.is_editable:
            raise PermissionDenied(
                _("A model that is “%(status)s” cannot be changed.") % {"status": model.get_status_display()}
            )
        raise PermissionDenied(_("Only officials of the owning agency (or an agency above it) can change this model."))
    return model


class ModelListView(FilteredListView):
    permission = "models_registry.view_movementmodel"
    denied_message = gettext_lazy("You may not read the registry of models.")
    filterset_class = MovementModelFilterSet
    template_name = "models_registry/model_list.html"
    context_object_name = "models"
    export_title = gettext_lazy("Models")
    export_filename = "mo-hinh"

    def export_columns(self):
        return model_columns()

    def get_queryset(self):
        return (
            MovementModel.objects.visible_to(self.request.user)
            .select_related("owner_agency", "field", "registered_unit")
            .with_spread()
        )

    def paginate_queryset(self, queryset, page_size):
        # By keys, not OFFSET, and a count capped at REGISTRY_COUNT_CAP: the same cost on the first page and
        # the last, at ten thousand models or a million (core/pagination.py).
        page = keyset_page(
            queryset,
            self.request.GET,
            per_page=page_size,
            count_cap=settings.REGISTRY_COUNT_CAP,
            counted=self.filterset.match_count,
        )
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        # The words searched for, marked in the names and the descriptions' snippets (core.search.highlight).
        context["search_query"] = form.cleaned_data.get("q", "") if hasattr(form, "cleaned_data") else ""
        context["too_many_to_rank"] = self.filterset.too_many_to_rank
        context["search_rank_max_matches"] = settings.SEARCH_RANK_MAX_MATCHES
        if self.request.user.has_perm("models_registry.review_movementmodel"):
            context["bulk_form"] = BulkActionForm(queryset=MovementModel.objects.none())
        return context


def _model_page(request, pk, queryset=None) -> MovementModel:
    """The model for one tab of its page, if the user may read it (404 otherwise), with the user's rights on it
    read in the same query: the header's buttons ask the database nothing more."""
    queryset = MovementModel.objects.all() if queryset is None else queryset
    return get_object_or_404(
        queryset.visible_to(request.user)
        .with_rights_of(request.user)
        .select_related("owner_agency", "field", "registered_unit__parent", "created_by"),
        pk=pk,
    )


def _page(request, model: MovementModel, template: str, tab: str, **context):
    """Render a tab of the model's page: the header (name, status, the moves the user may make) and the tabs
    are the same on each; each tab reads only what it shows, so each stays within the query budget."""
    user = request.user
    moves = allowed_moves(model, user)
    return render(
        request,
        template,
        {
            "model": model,
            "tab": tab,
            "can_edit": edits(model, user),
            "can_submit": "submit" in moves,
            "can_answer": "answer" in moves,
            "can_recognise": "recognise" in moves,
            "can_flag": "flag" in moves,
            "can_decide": "keep" in moves,
            "can_restore": "restore" in moves,
            "cannot_decide_own": user.has_perm("models_registry.review_movementmodel") and not decides(model, user),
            **context,
        },
    )


def model_detail(request, pk):
    """The model's page, its first tab: what the model is, its results, files, documents and directives."""
    model = _model_page(
        request,
        pk,
        MovementModel.objects.prefetch_related(
            "cooperating_agencies",
            Prefetch("indicators", ModelIndicator.objects.select_related("indicator_type")),
            Prefetch("attachments", ModelAttachment.objects.filter(removed_at__isnull=True)),
        ).annotate(
            # Whether a document or a directive names the model, read with its row: most models have neither, and
            # their page then skips both lists (the directives' status is the costliest query of the page to build).
            linked_documents=Exists(MovementModel.documents.through.objects.filter(movementmodel=OuterRef("pk"))),
            linked_directives=Exists(MovementModel.directives.through.objects.filter(movementmodel=OuterRef("pk"))),
        ),
    )
    unit = model.registered_unit
    return _page(
        request,
        model,
        "models_registry/model_detail.html",
        "details",
        # A reorganised unit's units of today in two queries however many successors (none for a current unit).
        current_units=[] if unit.is_current else AdministrativeUnit.objects.current_units_of([unit])[unit.pk],
        open_flag=model.flags.open().with_overdue().select_related("flagged_by", "answered_by").first(),
    )


def model_spread_page(request, pk):
    """The model's replication tab: the models it replicates and the models in the list that replicate it."""
    model = _model_page(request, pk)
    can_link = services.may_link(request.user, model)
    return _page(
        request,
        model,
        "models_registry/model_spread.html",
        "spread",
        spread=model_spread(model, request.user),
        can_link=can_link,
        link_form=ReplicationLinkForm(user=request.user, model=model) if can_link else None,
        kind_choices=ReplicationKindForm.base_fields["kind"].choices,
    )


def model_history(request, pk):
    """The model's history tab: every change, workflow step and link, newest first."""
    model = _model_page(request, pk)
    return _page(request, model, "models_registry/model_history.html", "history", timeline=model_timeline(model))


def model_create(request):
    if not request.user.has_perm("models_registry.add_movementmodel"):
        raise PermissionDenied(_("Only officials can register models."))
    if request.user.agency_id is None:
        raise PermissionDenied(_("Your account belongs to no agency; ask an administrator to set it."))
    form = MovementModelForm(request.POST or None, request.FILES or None, user=request.user)
    formset = IndicatorFormSet(request.POST or None, prefix="indicators")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            model = services.model_create(
                user=request.user,
                data=form.model_data(),
                cooperating_agencies=form.cleaned_data["cooperating_agencies"],
                indicators=formset.indicator_data(),
                attachments=form.cleaned_data["new_attachments"],
                **form.replication_data(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Model %(code)s was saved as a draft.") % {"code": model.code})
            return redirect(model)
    return render(request, "models_registry/model_form.html", {"form": form, "formset": formset})


def model_update(request, pk):
    model = _editable_model(request, pk)
    form = MovementModelForm(request.POST or None, request.FILES or None, instance=model, user=request.user)
    formset = IndicatorFormSet(request.POST or None, initial=indicator_initial(model), prefix="indicators")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.model_update(
                model=model,
                user=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                data=form.model_data(),
                cooperating_agencies=form.cleaned_data["cooperating_agencies"],
                indicators=formset.indicator_data(),
                new_attachments=form.cleaned_data["new_attachments"],
                removed_attachments=form.cleaned_data["remove_attachments"],
                **form.replication_update_data(),
            )
        except services.ConcurrentEditError:
            form.add_error(
                None,
                _(
                    "Somebody else saved this model while you were editing it. Your changes were not saved: "
                    "open the model again to see the current version, then make your changes there."
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(model)
    return render(request, "models_registry/model_form.html", {"form": form, "formset": formset, "model": model})


@require_POST
def model_submit(request, pk):
    model = _visible_model(request, pk)
    try:
        services.model_submit(model=model, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The model was submitted for recognition."))
    # PermissionDenied from the service becomes the 403 page: nothing was changed.
    return redirect(model)


def _linkable_model(request, pk) -> MovementModel:
    model = _visible_model(request, pk)
    if not services.may_link(request.user, model):
        raise PermissionDenied(
            _("Only the model's agency (while it may edit the model) or a reviewer can say which models it replicates.")
        )
    return model


@require_POST
def replication_add(request, pk):
    model = _linkable_model(request, pk)
    form = ReplicationLinkForm(request.POST, user=request.user, model=model)
    if form.is_valid():
        try:
            services.replication_link(
                replica=model,
                source=form.cleaned_data["source"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("%(code)s now says it replicates %(source)s.")
                % {"code": model.code, "source": form.cleaned_data["source"].code},
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("models_registry:spread", model.pk)


def _link(request, pk, link_pk) -> Replication:
    model = _linkable_model(request, pk)
    return get_object_or_404(Replication.objects.select_related("replica", "source"), pk=link_pk, replica=model)


@require_POST
def replication_change(request, pk, link_pk):
    link = _link(request, pk, link_pk)
    form = ReplicationKindForm(request.POST)
    if form.is_valid():
        services.replication_change(link=link, kind=form.cleaned_data["kind"], user=request.user)
        messages.success(request, _("The replication link was corrected."))
    else:
        messages.error(request, _("Choose how the model was replicated."))
    return redirect("models_registry:spread", link.replica_id)


@require_POST
def replication_remove(request, pk, link_pk):
    link = _link(request, pk, link_pk)
    services.replication_unlink(link=link, user=request.user)
    messages.success(request, _("The replication link was removed; its history keeps it."))
    return redirect("models_registry:spread", link.replica_id)
