"""The Word booklet as a background job (core.jobs), built for its owner: they must still see the compilation."""

from django.utils.text import slugify

from core.jobs import JobOutput, job_kind

from .export import booklet_docx
from .models import Compilation

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@job_kind("compilations.booklet")
def booklet(job, progress) -> JobOutput:
    compilation = Compilation.objects.visible_to(job.owner).get(pk=job.params["compilation"])
    data = booklet_docx(compilation, progress=progress)
    return JobOutput(f"{slugify(compilation.title)[:80] or 'tuyen-tap'}.docx", DOCX, data)
