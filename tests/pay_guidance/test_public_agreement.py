"""On the demo data, the public year page, its downloads (Excel, PDF booklet, JSON, CSV) and
``manage.py wage_levels --public`` show the same cells, compared figure by figure for every issued publication."""

import csv
import io
import json
import re
import tempfile
from decimal import Decimal
from html.parser import HTMLParser

from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from pay_guidance.demo import YEAR
from pay_guidance.models import Publication
from pay_guidance.public_tables import OPEN_DATA_FIELDS, public_table

FIGURES = ["p10", "p25", "p50", "p75", "p90", "mean"]


class WageCellRows(HTMLParser):
    """Collect the text of each cell of the body rows of the page's ``wage-cells`` table."""

    def __init__(self):
        super().__init__()
        self.rows, self.in_table, self.in_body, self.cell = [], False, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("data-testid") == "wage-cells":
            self.in_table = True
        elif self.in_table and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag == "td":
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = self.in_body = False
        elif self.in_body and tag == "td":
            self.rows[-1].append(" ".join(self.cell.split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def shown(value):
    return "—" if value is None else str(value)


class PublicOutputsAgreeTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=io.StringIO())
        cls.publications = list(Publication.objects.issued().in_year(YEAR).select_related("unit"))

    def get(self, publication, **query):
        response = Client().get(
            reverse("pay_guidance:public_year", args=[YEAR]), {"unit": publication.unit_id, **query}
        )
        self.assertEqual(response.status_code, 200)
        return response

    def expected(self, publication):
        return json.loads(json.dumps(public_table(publication).as_json()))

    def test_the_demo_has_an_issued_prefecture_and_county_publication_with_withheld_cells(self):
        self.assertEqual({p.unit.is_county for p in self.publications}, {True, False})
        for publication in self.publications:
            cells = self.expected(publication)["cells"]
            self.assertTrue(any(cell["suppressed"] for cell in cells) and not all(cell["suppressed"] for cell in cells))

    def test_the_open_data_json_is_the_public_table(self):
        for publication in self.publications:
            self.assertEqual(json.loads(self.get(publication, format="json").content), self.expected(publication))

    def test_the_csv_gives_every_field_of_every_cell(self):
        for publication in self.publications:
            text = self.get(publication, format="csv").content.decode()
            rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
            cells = self.expected(publication)["cells"]
            self.assertEqual(len(rows), len(cells))
            for row, cell in zip(rows, cells, strict=True):
                self.assertEqual(
                    row, {name: "" if cell[name] is None else str(cell[name]) for name in OPEN_DATA_FIELDS}
                )

    def test_the_page_shows_every_figure_of_every_cell(self):
        for publication in self.publications:
            parser = WageCellRows()
            parser.feed(self.get(publication).content.decode())
            cells = self.expected(publication)["cells"]
            self.assertEqual(len(parser.rows), len(cells))
            for row, cell in zip(parser.rows, cells, strict=True):
                counts = [shown(cell[name]) for name in ("n_people", "n_enterprises", "n_part_year")]
                self.assertEqual(row[:5], [cell["dimension_label"], cell["label"], *counts])
                if cell["suppressed"]:
                    self.assertEqual(row[5:], ["— 不予公布"])
                else:
                    self.assertEqual([figure.rstrip(" ※") for figure in row[5:]], [cell[name] for name in FIGURES])

    def test_the_workbook_shows_every_figure_of_every_cell_and_group(self):
        for publication in self.publications:
            workbook = load_workbook(io.BytesIO(self.get(publication, format="xlsx").content))
            expected = self.expected(publication)
            rows = list(workbook["工资价位"].iter_rows(min_row=4, values_only=True))
            self.assertEqual(len(rows), len(expected["cells"]))
            for row, cell in zip(rows, expected["cells"], strict=True):
                counts = [cell[name] for name in ("n_people", "n_enterprises", "n_part_year")]
                self.assertEqual(list(row[:5]), [cell["dimension_label"], cell["label"], *counts])
                self.assertEqual(row[5], "是" if cell["suppressed"] else "否")
                figures = [None if cell[name] is None else float(Decimal(cell[name])) for name in FIGURES]
                self.assertEqual(list(row[6:12]), figures)
            groups = list(workbook["人工成本"].iter_rows(min_row=2, values_only=True))
            self.assertEqual(
                [(row[0], row[1], row[3]) for row in groups],
                [
                    (group["label"], group["n_enterprises"], "是" if group["suppressed"] else "否")
                    for group in expected["labour_cost"]
                ],
            )

    def test_the_booklet_prints_the_figures_of_every_published_cell_and_withholds_the_others(self):
        for publication in self.publications:
            reader = PdfReader(io.BytesIO(self.get(publication, format="pdf").content))
            text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
            expected = self.expected(publication)
            for cell in expected["cells"]:
                if not cell["suppressed"]:
                    figures = [cell["p10"], cell["p25"], rf"{re.escape(cell['p50'])}※?", cell["p75"], cell["p90"]]
                    pattern = r"\s*".join([*map(re.escape, figures[:2]), figures[2], *map(re.escape, figures[3:])])
                    self.assertRegex(text, pattern + r"\s*" + re.escape(cell["mean"]))
            # A withheld cell prints "—" for its three counts and its figures; a withheld labour-cost group "—"
            # for its enterprises and its figures (the box plots name withheld occupations too, without dashes).
            cells = sum(cell["suppressed"] for cell in expected["cells"])
            groups = sum(group["suppressed"] for group in expected["labour_cost"])
            self.assertEqual(text.count("— — — — 不予公布"), cells)
            self.assertEqual(text.count("— — 不予公布"), cells + groups)

    def test_the_command_writes_the_same_cells(self):
        for publication in self.publications:
            unit = {"unit": publication.unit.short_name} if publication.unit.is_county else {}
            with self.subTest(publication=str(publication)), tempfile.TemporaryDirectory() as folder:
                output = io.StringIO()
                path = f"{folder}/public.json"
                call_command("wage_levels", year=YEAR, public=True, output=path, stdout=output, **unit)
                with open(path, encoding="utf-8") as written:
                    self.assertEqual(json.load(written), self.expected(publication))
                path = path.replace(".json", ".xlsx")
                call_command("wage_levels", year=YEAR, public=True, format="xlsx", output=path, stdout=output, **unit)
                rows = list(load_workbook(path).active.iter_rows(values_only=True))
                self.assertEqual(list(rows[0]), OPEN_DATA_FIELDS)
                cells = self.expected(publication)["cells"]
                self.assertEqual(
                    [list(row) for row in rows[1 : len(cells) + 1]],
                    [[cell[name] for name in OPEN_DATA_FIELDS] for cell in cells],
                )
