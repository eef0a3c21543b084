"""Views of the yearly review rounds and of the candidates for review."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.redirects import next_or

from .. import candidates, services
from ..choices import RoundOutcome
from ..forms import ReviewRoundForm, RoundConfirmForm
from ..models import MovementModel, ReviewRound
from .workflow import _require_reviewer


def round_list(request):
    _require_reviewer(request)
    rounds = ReviewRound.objects.annotate(
        total=Count("entries"),
        reviewed=Count("entries", filter=~Q(entries__outcome=RoundOutcome.PENDING)),
    ).select_related("opened_by")
    # object_list: what the list skeleton (templates/list_page.html) shows or says is empty.
    return render(request, "models_registry/round_list.html", {"rounds": rounds, "object_list": rounds})


def round_create(request):
    _require_reviewer(request)
    form = ReviewRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review_round = services.round_open(
            user=request.user,
            year=form.cleaned_data["year"],
            title=form.cleaned_data["title"],
            agencies=form.cleaned_data["agencies"],
            units=form.cleaned_data["units"],
        )
        messages.success(request, _("The review round was opened."))
        return redirect("models_registry:round_detail", review_round.pk)
    return render(request, "models_registry/round_form.html", {"form": form})


def round_detail(request, pk):
    _require_reviewer(request)
    review_round = get_object_or_404(ReviewRound.objects.select_related("opened_by", "closed_by"), pk=pk)
    entries = review_round.entries.select_related("model__owner_agency", "model__field", "reviewed_by")
    outcome = request.GET.get("outcome")
    if outcome in RoundOutcome.values:
        entries = entries.filter(outcome=outcome)
    progress = review_round.entries.aggregate(
        total=Count("pk"),
        reviewed=Count("pk", filter=~Q(outcome=RoundOutcome.PENDING)),
        effective=Count("pk", filter=Q(outcome=RoundOutcome.EFFECTIVE)),
        flagged=Count("pk", filter=Q(outcome=RoundOutcome.FLAGGED)),
        pending=Count("pk", filter=Q(outcome=RoundOutcome.PENDING)),
    )
    decided = review_round.flags.aggregate(
        kept=Count("pk", filter=Q(outcome="kept")), removed=Count("pk", filter=Q(outcome="removed"))
    )
    page = Paginator(entries, settings.REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "models_registry/round_detail.html",
        {
            "round": review_round,
            "progress": progress,
            "decided": decided,
            "page_obj": page,
            "entries": page.object_list,
            "outcomes": RoundOutcome.choices,
            "current_outcome": outcome,
        },
    )


@require_POST
def round_confirm(request, pk):
    _require_reviewer(request)
    review_round = get_object_or_404(ReviewRound, pk=pk)
    form = RoundConfirmForm(request.POST, queryset=MovementModel.objects.visible_to(request.user))
    try:
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        models = form.cleaned_data["models"]
        services.round_confirm_many(round=review_round, models=models, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        messages.success(request, _("%(count)s models were marked effective.") % {"count": len(models)})
    return redirect(next_or(request, review_round))


@require_POST
def round_close(request, pk):
    _require_reviewer(request)
    review_round = get_object_or_404(ReviewRound, pk=pk)
    try:
        services.round_close(round=review_round, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The review round was closed."))
    return redirect(review_round.get_absolute_url())


def review_candidates(request):
    """Models a reviewer may want to look at: stale, in reorganised units or dissolved agencies, duplicates."""
    _require_reviewer(request)
    kind = request.GET.get("kind") if request.GET.get("kind") in candidates.KINDS else "stale"
    visible = MovementModel.objects.visible_to(request.user)
    if kind == "duplicates":
        pairs = candidates.likely_duplicates(visible)
        page = Paginator(pairs, settings.REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        found = candidates.KINDS[kind].find(visible).select_related("owner_agency", "field", "registered_unit")
        page = Paginator(found.order_by("pk"), settings.REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "models_registry/review_candidates.html",
        {
            "kinds": [(key, value.label) for key, value in candidates.KINDS.items()],
            "kind": kind,
            "page_obj": page,
            "stale_months": settings.REVIEW_STALE_MONTHS,
        },
    )
