"""The printable documents of every app, in one registry, for the 打印中心 (reporting's print centre).

Each app registers what it prints once, at start-up (``AppConfig.ready``), as a ``Printable``: which documents a
user may print for a year (a queryset built on ``visible_to``, so the print centre is scoped exactly as the
app's own pages are), which unit owns each, how one is downloaded (the app's own single-PDF page) and how many
are rendered into one PDF. The print centre counts them per unit and lists them; a batch runs as a job
(``lib/jobs.py``): by default the kernel's ``printing.documents`` job below, which renders the owner's documents a
few at a time with a progress bar, or the app's own job when it has one (the selections' recommendation forms).
A registration is one call, for example annex 5's 一企一档::

    printing.register(Printable(
        code="key_enterprises.dossier", annex=5, title="重点企业一企一档",
        documents=lambda user, year: MonitoredEnterprise.objects.visible_to(user).filter(year=year),
        render=render_dossiers, url=lambda entry: reverse("key_enterprises:monitored_pdf", args=[entry.pk]),
    ))
"""

from dataclasses import dataclass

from django.db.models import Count

from .lib.errors import ActionRefused
from .lib.jobs import job
from .lib.pdf import render_batch

BATCH_JOB = "printing.documents"
_REGISTRY = {}


@dataclass(frozen=True)
class Printable:
    code: str  # unique, "app.document"
    annex: int  # the annex the document belongs to (1–6; 0 for the notice itself: circulars), for order and filter
    title: str  # what the document is called on paper
    documents: object  # ``documents(user, year) -> QuerySet``: the documents ``user`` may print for ``year``
    url: object  # ``url(document) -> str``: the app's page that downloads one document
    render: object = None  # ``render(documents) -> bytes``: one PDF of several (for the kernel's batch job)
    label: object = str  # ``label(document) -> str``: the document as the list names it
    unit_field: str | None = "unit"  # the field naming the owning unit; None for the prefecture office's own
    batch_kind: str = BATCH_JOB  # the job that renders a batch
    batch_params: object = None  # ``batch_params(year, unit_pk) -> dict`` when ``batch_kind`` is the app's own

    def of_unit(self, queryset, unit_pk):
        """Keep the documents of one unit (all of them when ``unit_pk`` is None)."""
        if unit_pk is None or self.unit_field is None:
            return queryset
        return queryset.filter(**{f"{self.unit_field}_id": unit_pk})

    def counts(self, user, year):
        """Return ``{unit pk or None: number of documents}`` of ``user``'s documents of ``year``, in one query."""
        queryset = self.documents(user, year).order_by()
        if self.unit_field is None:
            return {None: queryset.count()}
        rows = queryset.values(self.unit_field).annotate(number=Count("pk"))
        return {row[self.unit_field]: row["number"] for row in rows}

    def job_params(self, year, unit_pk):
        """Return the parameters of the batch job for ``year`` and one unit (or all)."""
        if self.batch_params is not None:
            return self.batch_params(year, unit_pk)
        return {"document": self.code, "year": year, "unit": unit_pk}


def register(printable):
    """Make ``printable`` known to the print centre (registering a code again replaces it); return it."""
    _REGISTRY[printable.code] = printable
    return printable


def printables():
    """Return every registered ``Printable``, by annex, in the order registered within one annex."""
    return sorted(_REGISTRY.values(), key=lambda printable: printable.annex or 99)


def printable(code):
    """Return the ``Printable`` registered as ``code``, or None."""
    return _REGISTRY.get(code)


@job(BATCH_JOB)
def print_documents(run, *, document, year, unit=None):
    """Render every document of ``document``'s kind and ``year`` that the job's owner may print (of one unit, or
    all), as one PDF rendered at once (``render_batch``)."""
    printable = _REGISTRY[document]
    documents = list(printable.of_unit(printable.documents(run.owner, year), unit))
    if not documents:
        raise ActionRefused(f"{year}年度没有可以打印的“{printable.title}”。")
    content = render_batch(documents, printable.render, progress=run.progress)
    return f"{year}年度{printable.title}.pdf", content


def annex_label(annex):
    """Return how the print centre names an annex: 附件N, or 通知 for the notice's own documents."""
    return f"附件{annex}" if annex else "通知"
