from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.links import reverse_pk
from core.models import ChoiceLabels, Timestamped
from core.search import fold, matching

from ..choices import DocumentKind


class ReferenceDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.has_perm("meetings.view_referencedocument"):
            return self.none()
        return self

    def search(self, text: str):
        return matching(self, text)


class ReferenceDocument(ChoiceLabels, Timestamped):
    """A plan, regulation, law or decision that models and directives refer to.

    The links to models are declared here (related_name="documents") so that the registry does not
    depend on this app.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=100, help_text=_("As printed on the document, e.g. 26-KH/TU."))
    title = models.CharField(_("title"), max_length=500)
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    issued_on = models.DateField(
        _("date issued"), null=True, blank=True, help_text=_("Leave empty if the date is not known.")
    )
    registry_models = models.ManyToManyField(
        "models_registry.MovementModel",
        verbose_name=_("models concerned"),
        blank=True,
        related_name="documents",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    search_text = models.TextField(editable=False, default="")

    objects = ReferenceDocumentQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[registry_models],
        excluded_fields=["search_text", "updated_at"],
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        verbose_name = _("reference document")
        verbose_name_plural = _("reference documents")
        ordering = ["-issued_on", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["number", "issuing_body"], name="document_number_unique_per_body"),
        ]

    def __str__(self):
        return f"{self.number} · {self.title}"

    def save(self, *args, **kwargs):
        self.search_text = fold(" ".join([self.number, self.title, self.issuing_body]))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_pk("meetings:document_detail", self.pk)
