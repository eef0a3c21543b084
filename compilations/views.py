"""Thin views of the compilations: narrow the queryset to what the user may see (404 for the rest), check the
permission to act (403), validate, call a service, render."""

from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import audit
from core.files import stream_file
from core.jobs import job_url, start_job
from core.pdf import html_to_pdf, pdf_response
from core.views import ListExportView
from models_registry.models import MovementModel, Spread
from models_registry.spread import model_spread

from . import services
from .choices import CRITERIA
from .export import booklet_docx
from .filtersets import NominationFilterSet
from .forms import CompilationForm, NominationForm, NominationSearchForm, ScoreForm, WriteUpForm
from .models import Compilation, Nomination, Score

SEARCH_RESULTS = 20


def _can_manage(user) -> bool:
    return user.has_perm("compilations.manage_compilation")


def _reads_drafts(user) -> bool:
    return user.has_perm("compilations.view_draft_compilation")


def _visible(request, pk) -> Compilation:
    return get_object_or_404(Compilation.objects.visible_to(request.user).select_related("published_by"), pk=pk)


def _managed(request, pk) -> Compilation:
    compilation = _visible(request, pk)
    if not _can_manage(request.user):
        raise PermissionDenied(_("Only reviewers can work on compilations."))
    return compilation


def _nominations(request, compilation):
    """The nominations the user may read: all of them for reviewers and leaders, the selected entries of a
    published compilation for everyone else."""
    nominations = compilation.nominations.select_related("model__field", "model__owner_agency", "nominated_by")
    return nominations if _reads_drafts(request.user) else nominations.selected()


def _nomination(request, compilation, nomination_pk) -> Nomination:
    return get_object_or_404(_nominations(request, compilation), pk=nomination_pk)


def _report_refusal(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def compilation_list(request):
    if not request.user.has_perm("compilations.view_compilation"):
        raise PermissionDenied(_("You may not read the compilations."))
    compilations = Compilation.objects.visible_to(request.user).annotate(
        nominated=Count("nominations", distinct=True),
        selected_count=Count("nominations", filter=Q(nominations__selected=True), distinct=True),
    )
    return render(
        request,
        "compilations/compilation_list.html",
        {
            "compilations": compilations,
            "object_list": compilations,  # what the list skeleton (templates/list_page.html) shows or finds empty
            "can_create": request.user.has_perm("compilations.add_compilation"),
        },
    )


def compilation_create(request):
    if not request.user.has_perm("compilations.add_compilation"):
        raise PermissionDenied(_("Only reviewers can create compilations."))
    form = CompilationForm(request.POST or None, initial={"first_year": 2021, "last_year": 2025, "capacity": 100})
    if request.method == "POST" and form.is_valid():
        try:
            compilation = services.compilation_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The compilation is open for nominations."))
            return redirect(compilation)
    return render(request, "compilations/compilation_form.html", {"form": form})


def compilation_detail(request, pk):
    compilation = _visible(request, pk)
    nominations = _nominations(request, compilation)
    counts = compilation.nominations.aggregate(
        nominated_count=Count("pk"),
        selected_count=Count("pk", filter=Q(selected=True)),
        scored_count=Count("pk", filter=Q(pk__in=Score.objects.values("nomination"))),
        ready_count=Count("pk", filter=Q(selected=True) & ~Q(write_up="") & ~Q(photo="")),
    )
    # Beside the "replicated elsewhere" criterion: how many models in the list replicate each nominated model.
    nominations = nominations.with_scores().annotate(spread=Spread("model"))
    filterset = NominationFilterSet(request.GET or None, queryset=nominations, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset.by_score()
    can_manage = _can_manage(request.user) and not compilation.is_published
    own_scores = set()
    decidable = set()
    if can_manage:
        own_scores = set(
            Score.objects.filter(nomination__compilation=compilation, reviewer=request.user).values_list(
                "nomination_id", flat=True
            )
        )
        decidable = set(
            MovementModel.objects.decidable_by(request.user)
            .filter(compilation_nominations__compilation=compilation)
            .values_list("pk", flat=True)
        )
    return render(
        request,
        "compilations/compilation_detail.html",
        {
            "compilation": compilation,
            "counts": counts,
            "filter": filterset,
            "rows": rows,
            "own_scores": own_scores,
            "decidable": decidable,
            "can_manage": can_manage,
            "reads_drafts": _reads_drafts(request.user),
            "min_scores": settings.COMPILATION_MIN_SCORES,
            "room": compilation.capacity - counts["selected_count"],
        },
    )


def compilation_entries(request, pk):
    """The selected entries in the booklet's order, grouped by field."""
    compilation = _visible(request, pk)
    entries = list(_entries(compilation))
    fields = [(field, list(group)) for field, group in groupby(entries, key=lambda n: n.model.field)]
    return render(request, "compilations/compilation_entries.html", {"compilation": compilation, "fields": fields})


def _entries(compilation):
    return (
        compilation.nominations.selected()
        .select_related("model__field", "model__owner_agency", "model__registered_unit")
        .in_booklet_order()
    )


class CompilationEntriesExportView(ListExportView):
    """The entries page's rows, in the booklet's order, as a spreadsheet."""

    export_filename = "tuyen-tap"

    def check_permission(self):
        self.compilation = _visible(self.request, self.kwargs["pk"])
        self.export_title = self.compilation.title

    def export_queryset(self):
        return None, _entries(self.compilation)

    def export_columns(self):
        return [
            (_("Field"), lambda n: n.model.field.name),
            (_("Model code"), lambda n: n.model.code),
            (_("Name of the model"), lambda n: n.model.name),
            (_("Owning agency"), lambda n: n.model.owner_agency.name),
            (_("Administrative unit"), lambda n: n.model.registered_unit.name),
            (_("Year recognised"), lambda n: n.model.recognition_year),
            (_("Write-up"), lambda n: n.write_up),
        ]


@require_safe  # a download: a POST (or any other method) is refused with 405
def compilation_booklet(request, pk):
    compilation = _visible(request, pk)
    audit.record(request.user, audit.EXPORT, target=compilation, request=request, document="booklet", format="docx")
    response = HttpResponse(
        booklet_docx(compilation),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(compilation)}.docx"'
    return response


@require_POST
def compilation_booklet_job(request, pk):
    """Build the Word booklet in the background for this user and show its progress."""
    compilation = _visible(request, pk)
    audit.record(
        request.user, audit.EXPORT, target=compilation, request=request, document="booklet", format="docx", job=True
    )
    job = start_job(
        "compilations.booklet",
        owner=request.user,
        title=_("Booklet: %(title)s") % {"title": compilation.title},
        params={"compilation": compilation.pk},
    )
    return redirect(job_url(job))


@require_safe  # a download: a POST (or any other method) is refused with 405
def compilation_booklet_pdf(request, pk):
    """The booklet as PDF: the entries' page as it prints (title, entries by field, photos), same permission check."""
    compilation = _visible(request, pk)
    audit.record(request.user, audit.EXPORT, target=compilation, request=request, document="booklet", format="pdf")
    page = compilation_entries(request, pk)
    return pdf_response(html_to_pdf(page.content.decode(), request), _file_name(compilation))


def _file_name(compilation) -> str:
    return slugify(compilation.title)[:80] or "tuyen-tap"


def nominate(request, pk):
    compilation = _managed(request, pk)
    if compilation.is_published:
        messages.error(request, _("This compilation is published: it can no longer be changed."))
        return redirect(compilation)
    form = NominationForm(request.POST or None, user=request.user, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nominate(
                compilation=compilation,
                user=request.user,
                model=form.cleaned_data["code"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(request, _("%(code)s was nominated.") % {"code": nomination.model.code})
            return redirect(compilation)
    search = NominationSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    found = []
    if query:
        found = (
            MovementModel.objects.in_list()
            .filter(recognition_year__gte=compilation.first_year, recognition_year__lte=compilation.last_year)
            .exclude(compilation_nominations__compilation=compilation)
            .search(query)
            .select_related("owner_agency", "field")
            .order_by("code")[:SEARCH_RESULTS]
        )
    return render(
        request,
        "compilations/nominate.html",
        {"compilation": compilation, "form": form, "search": search, "query": query, "found": found},
    )


def nomination_detail(request, pk, nomination_pk):
    compilation = _visible(request, pk)
    nomination = _nomination(request, compilation, nomination_pk)
    scores = []
    if _reads_drafts(request.user):
        scores = list(nomination.scores.select_related("reviewer").order_by("created_at", "pk"))
        for score in scores:
            score.marks = [getattr(score, name) for name, _label in CRITERIA]
    can_manage = _can_manage(request.user) and not compilation.is_published
    return render(
        request,
        "compilations/nomination_detail.html",
        {
            "compilation": compilation,
            "nomination": nomination,
            "spread": model_spread(nomination.model, request.user),
            "scores": scores,
            "criteria": [label for _name, label in CRITERIA],
            "can_manage": can_manage,
            "can_score": can_manage
            and MovementModel.objects.decidable_by(request.user).filter(pk=nomination.model_id).exists(),
        },
    )


def _open_nomination(request, pk, nomination_pk):
    compilation = _managed(request, pk)
    nomination = _nomination(request, compilation, nomination_pk)
    if compilation.is_published:
        messages.error(request, _("This compilation is published: it can no longer be changed."))
        return compilation, nomination, redirect(compilation)
    return compilation, nomination, None


def nomination_score(request, pk, nomination_pk):
    compilation, nomination, refused = _open_nomination(request, pk, nomination_pk)
    if refused:
        return refused
    if not MovementModel.objects.decidable_by(request.user).filter(pk=nomination.model_id).exists():
        raise PermissionDenied(
            _("You cannot score a model of your own agency or of an agency under it: another reviewer must.")
        )
    existing = nomination.scores.filter(reviewer=request.user).first()
    initial = {name: getattr(existing, name) for name, _label in CRITERIA} if existing else {}
    if existing:
        initial["comment"] = existing.comment
    form = ScoreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.score_nomination(
                nomination=nomination, user=request.user, marks=form.marks(), comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your score was saved."))
            return redirect(nomination)
    return render(
        request,
        "compilations/score_form.html",
        {
            "compilation": compilation,
            "nomination": nomination,
            "form": form,
            "existing": existing,
            "spread": model_spread(nomination.model, request.user),
        },
    )


def nomination_write_up(request, pk, nomination_pk):
    compilation, nomination, refused = _open_nomination(request, pk, nomination_pk)
    if refused:
        return refused
    form = WriteUpForm(request.POST or None, request.FILES or None, initial={"write_up": nomination.write_up})
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_write_up(
                nomination=nomination,
                user=request.user,
                write_up=form.cleaned_data["write_up"],
                photo=form.cleaned_data["photo"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The write-up was saved."))
            return redirect(nomination)
    return render(
        request, "compilations/write_up_form.html", {"compilation": compilation, "nomination": nomination, "form": form}
    )


@require_POST
def nomination_select(request, pk, nomination_pk):
    compilation, nomination, refused = _open_nomination(request, pk, nomination_pk)
    if refused:
        return refused
    try:
        if request.POST.get("selected") == "0":
            services.nomination_unselect(nomination=nomination, user=request.user)
            messages.success(request, _("%(code)s is no longer selected.") % {"code": nomination.model.code})
        else:
            services.nomination_select(nomination=nomination, user=request.user)
            messages.success(request, _("%(code)s was selected.") % {"code": nomination.model.code})
    except ValidationError as error:
        _report_refusal(request, error)
    return redirect(compilation)


@require_POST
def select_highest(request, pk):
    compilation = _managed(request, pk)
    try:
        chosen = services.select_highest(compilation=compilation, user=request.user)
    except ValidationError as error:
        _report_refusal(request, error)
    else:
        messages.success(request, _("%(count)s nominations were selected.") % {"count": len(chosen)})
    return redirect(compilation)


@require_POST
def compilation_publish(request, pk):
    compilation = _managed(request, pk)
    try:
        services.compilation_publish(compilation=compilation, user=request.user)
    except ValidationError as error:
        _report_refusal(request, error)
    else:
        messages.success(request, _("The compilation was published; its models are marked typical."))
    return redirect(compilation)


def nomination_photo(request, pk, nomination_pk):
    """The entry's photo, streamed only to those who may read the entry."""
    compilation = _visible(request, pk)
    nomination = _nomination(request, compilation, nomination_pk)
    if not nomination.photo:
        raise Http404(_("This entry has no photo."))
    return stream_file(nomination.photo, name=nomination.photo_name, content_type=nomination.photo_content_type)
