"""Views of the review workflow: one page per move, the review queue and the bulk actions. Each narrows to what
the user may see, checks who may move, validates and calls a service."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.redirects import next_or
from core.views import ListExportView

from .. import services
from ..export_columns import queue_columns
from ..filtersets import ModelScopeFilterSet
from ..forms import (
    AnswerForm,
    BulkActionForm,
    DecideForm,
    FlagForm,
    FlagRoundForm,
    IndicatorFormSet,
    RecogniseForm,
    RestoreForm,
    ReturnForm,
)
from ..models import MovementModel
from ..queues import QUEUES, queue, queue_counts
from .registry import _visible_model


def _require_reviewer(request):
    if not request.user.has_perm("models_registry.review_movementmodel"):
        raise PermissionDenied(_("Only reviewers can open this page."))


def _require_decider(request, pk):
    """A reviewer who may decide on this model: the page of a decision they cannot take is refused too,
    rather than shown with a form whose every submission would be refused (separation of duties)."""
    _require_reviewer(request)
    services.check_reviewer(request.user, _visible_model(request, pk))


def _run(request, form, action):
    """Call a service; turn its refusals into form errors. Says whether it succeeded."""
    try:
        action()
    except ValidationError as error:
        form.add_error(None, error)
    except services.AlreadyDecidedError:
        form.add_error(None, _("Another reviewer has already decided this case; nothing was changed."))
    else:
        return True
    return False


def _action_page(request, pk, form_class, perform, *, title, success, extra=None):
    """One page per workflow step: a form, and on a valid POST the step's service."""
    model = _visible_model(request, pk)
    form = form_class(request.POST or None, request.FILES or None)
    extra = extra(request, model) if extra else {}
    formsets_valid = all(formset.is_valid() for formset in extra.values()) if request.method == "POST" else True
    if request.method == "POST" and form.is_valid() and formsets_valid:
        if _run(request, form, lambda: perform(request, model, form.cleaned_data, extra)):
            messages.success(request, success)
            return redirect(model)
    return render(
        request,
        "models_registry/model_action.html",
        {"model": model, "form": form, "title": title, "open_flag": model.flags.open().first(), **extra},
    )


def model_recognise(request, pk):
    _require_decider(request, pk)
    return _action_page(
        request,
        pk,
        RecogniseForm,
        lambda request, model, data, extra: services.model_recognise(model=model, user=request.user, **data),
        title=gettext_lazy("Recognise the model"),
        success=gettext_lazy("The model was recognised and entered the list."),
    )


def model_return(request, pk):
    _require_decider(request, pk)
    return _action_page(
        request,
        pk,
        ReturnForm,
        lambda request, model, data, extra: services.model_return(model=model, user=request.user, **data),
        title=gettext_lazy("Return the model for revision"),
        success=gettext_lazy("The model was returned to its agency."),
    )


def model_flag(request, pk):
    _require_decider(request, pk)
    # The round a flag from a round's page belongs to: an open round, or a 404 for anything else.
    rounds = FlagRoundForm({"round": request.GET.get("round") or request.POST.get("round")})
    if not rounds.is_valid():
        raise Http404(_("This review round does not exist or is closed."))
    review_round = rounds.cleaned_data["round"]

    def perform(request, model, data, extra):
        services.model_flag(model=model, user=request.user, round=review_round, **data)

    return _action_page(
        request,
        pk,
        FlagForm,
        perform,
        title=gettext_lazy("Flag the model as possibly ineffective"),
        success=gettext_lazy("The model was flagged; its agency has been told to answer."),
    )


def model_answer(request, pk):
    model = _visible_model(request, pk)
    services.check_owner_official(request.user, model)

    def perform(request, model, data, extra):
        services.flag_answer(
            model=model,
            user=request.user,
            answer=data["answer"],
            improvement_plan=data["improvement_plan"],
            indicators=extra["formset"].indicator_data(),
            attachments=data["attachments"],
        )

    return _action_page(
        request,
        pk,
        AnswerForm,
        perform,
        title=gettext_lazy("Answer the flag"),
        success=gettext_lazy("Your answer was sent to the reviewers."),
        extra=lambda request, model: {"formset": IndicatorFormSet(request.POST or None, prefix="indicators")},
    )


def model_decide(request, pk):
    _require_decider(request, pk)

    def perform(request, model, data, extra):
        services.flag_decide(
            model=model,
            user=request.user,
            keep=data["decision"] == DecideForm.KEEP,
            comment=data["comment"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
        )

    return _action_page(
        request,
        pk,
        DecideForm,
        perform,
        title=gettext_lazy("Decide on the flag"),
        success=gettext_lazy("The decision was recorded."),
    )


def model_restore(request, pk):
    _require_decider(request, pk)
    return _action_page(
        request,
        pk,
        RestoreForm,
        lambda request, model, data, extra: services.model_restore(model=model, user=request.user, **data),
        title=gettext_lazy("Restore the model to the list"),
        success=gettext_lazy("The model is back in the list."),
    )


# The review queue and the bulk actions ------------------------------------------------------------

WAITING_LONGEST = "waiting"  # ?order=waiting: the models waiting longest first


def _queue(request):
    """The review queue's filters, the chosen queue and its models: what the page lists and its exports write."""
    scope = ModelScopeFilterSet(
        request.GET,
        queryset=MovementModel.objects.visible_to(request.user).select_related(
            "owner_agency", "field", "registered_unit"
        ),
    )
    current = request.GET.get("queue") if request.GET.get("queue") in QUEUES else "submitted"
    models = queue(scope.qs, current).with_waiting_since()
    if request.GET.get("order") == WAITING_LONGEST:
        return scope, current, models.order_by(F("waiting_since").asc(nulls_last=True), "pk")
    return scope, current, models.order_by("pk")



def review_queue(request):
    """What waits for reviewers, filterable by agency, field and unit."""
    _require_reviewer(request)
    scope, current, models = _queue(request)
    counts = queue_counts(scope.qs)
    page = Paginator(models.prefetch_related("flags"), settings.REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "models_registry/review_queue.html",
        {
            "filter": scope,
            "queues": [(key, label, counts[key]) for key, (label, _word) in QUEUES.items()],
            "current": current,
            "waiting_longest": request.GET.get("order") == WAITING_LONGEST,
            "page_obj": page,
            "models": page.object_list,
        },
    )


class ReviewQueueExportView(ListExportView):
    """The queue on screen, as filtered and ordered, as a spreadsheet (a long one built in the background)."""

    export_title = gettext_lazy("Review queue")
    export_filename = "hang-doi-xet-duyet"

    def check_permission(self):
        _require_reviewer(self.request)

    def export_queryset(self):
        scope, self.current, models = _queue(self.request)
        return scope, models

    def export_filters(self, filterset) -> str:
        return "; ".join(filter(None, [str(QUEUES[self.current][0]), super().export_filters(filterset)]))

    def export_columns(self):
        return queue_columns()


@require_POST
def bulk_action(request):
    """Flag or keep the models ticked on a filtered list, each one through its own service call."""
    _require_reviewer(request)
    form = BulkActionForm(request.POST, queryset=MovementModel.objects.visible_to(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        data = form.cleaned_data
        try:
            if data["action"] == BulkActionForm.FLAG:
                done = services.models_bulk_flag(
                    models=data["models"],
                    user=request.user,
                    reason=data["reason"],
                    explanation=data["explanation"],
                    deadline=data["deadline"],
                )
            else:
                done = services.models_bulk_keep(models=data["models"], user=request.user, comment=data["explanation"])
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(request, _("Nothing was changed: %(error)s") % {"error": text})
        else:
            messages.success(request, _("%(count)s models were updated.") % {"count": len(done)})
    return redirect(next_or(request, "models_registry:list"))


