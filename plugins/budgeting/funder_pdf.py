"""The funder's report as a PDF file, the same content as the printable page, made with fpdf2.

fpdf2 is pure Python and its standard fonts need no font files, so a self-hoster installs nothing
else. Those fonts write Windows-1252 (euro sign, Dutch and most West European letters); a letter
outside it is written without its accent, or as "?" (a name from further away), never an error."""
from __future__ import annotations

import unicodedata
from decimal import Decimal

from flask_babel import format_currency, format_date, format_decimal, get_locale
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from core.toolkit import _
from plugins.budgeting.funder import FunderReport
from plugins.budgeting.labels import category_label
from plugins.budgeting.results import HOW

ENCODING = "windows-1252"
FONT = "helvetica"
#: letters without an accent to take off (NFKD leaves them whole), as a Dutch reader would write them
PLAIN = {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i", "Ħ": "H", "ħ": "h"}


def printable(text) -> str:
    """*text* with only what the standard fonts can write."""
    out = []
    for char in str(text):
        try:
            char.encode(ENCODING)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", PLAIN.get(char, char)).encode(ENCODING, "ignore").decode(ENCODING)
            char = plain or "?"
        out.append(char)
    return "".join(out)


def euro(amount: Decimal) -> str:
    return format_currency(amount, "EUR")


class ReportPdf(FPDF):
    def __init__(self, title: str):
        super().__init__(format="A4")
        self.core_fonts_encoding = ENCODING
        self.set_title(printable(title))
        self.set_lang(str(get_locale() or "nl"))
        self.set_auto_page_break(True, margin=15)
        self.alias_nb_pages()

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 6, printable(_("Page %(page)s of %(pages)s", page=self.page_no(), pages="{nb}")), align="C")

    def heading(self, text: str, size: int = 13):
        self.ln(3)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, 7, printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, size=10)

    def paragraph(self, text: str):
        self.multi_cell(0, 5, printable(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rows(self, head: list[str], rows: list[list[str]], widths: tuple[int, ...], numeric: set[int] = frozenset()):
        """A table with a heading row repeated on each page; figures right-aligned."""
        self.set_font(FONT, size=9)
        align = tuple("RIGHT" if i in numeric else "LEFT" for i in range(len(head)))
        with self.table(col_widths=widths, text_align=align, line_height=5, first_row_as_headings=True) as table:
            for cells in [head, *rows]:
                row = table.row()
                for cell in cells:
                    row.cell(printable(cell))
        self.set_font(FONT, size=10)


def funder_pdf(report: FunderReport) -> bytes:
    grant = report.grant
    pdf = ReportPdf(_("Report to %(funder)s", funder=grant.funder))
    pdf.add_page()
    pdf.heading(_("Report to %(funder)s", funder=grant.funder), 16)
    cover(pdf, report)
    goals_and_results(pdf, report)
    funded_lines(pdf, report)
    funding(pdf, report)
    expenses(pdf, report)
    signature(pdf)
    return bytes(pdf.output())


def cover(pdf: ReportPdf, report: FunderReport) -> None:
    grant, settings = report.grant, report.settings
    facts = [(_("Grant reference"), grant.reference), (_("Organisation"), report.organisation),
             (_("Chamber of Commerce number"), settings.get("kvk")), ("RSIN", settings.get("rsin")),
             ("IBAN", settings.get("iban")),
             (_("Period"), f"{format_date(grant.starts_on)} – {format_date(grant.ends_on)}"),
             (_("Report due"), grant.report_due_on and format_date(grant.report_due_on))]
    pdf.rows([_("Cover"), ""], [[label, value] for label, value in facts if value], (45, 125))
    if grant.conditions:  # free text of any length: a paragraph, which may run over a page (a table row may not)
        pdf.ln(2)
        pdf.paragraph(f"{_('Conditions')}: {grant.conditions}")


def goals_and_results(pdf: ReportPdf, report: FunderReport) -> None:
    pdf.heading(_("Goals and results"))
    pdf.paragraph(report.grant.goals or _("No goals were written down for this grant."))
    if report.results:
        pdf.ln(2)
        pdf.rows([_("Result in the period"), _("Figure"), _("How counted")],
                 [[str(r.label), f"{format_decimal(r.value)} {r.unit}", str(HOW[r.how])] for r in report.results],
                 (95, 40, 35), numeric={1})
    else:
        pdf.paragraph(_("No figures of the neighbourhood's work in this period yet."))


def funded_lines(pdf: ReportPdf, report: FunderReport) -> None:
    pdf.heading(_("Spending per funded line"))
    rows = [[line_name(row), euro(row.budget), euro(row.actual), euro(row.difference),
             f"{format_decimal(row.percent)} %" if row.percent is not None else "—"] for row in report.row.lines]
    pdf.rows([_("Budget line"), _("Budget"), _("Spent"), _("Left"), _("Used")], rows, (70, 27, 27, 27, 19),
             numeric={1, 2, 3, 4})
    explanations(pdf, report)


def line_name(row) -> str:
    return f"{category_label(row.line.category)}: {row.line.name}"


def explanations(pdf: ReportPdf, report: FunderReport) -> None:
    """Below the table, as paragraphs: an explanation may be long."""
    explained = report.explanations
    notes = [(line_name(row), explained.get(row.line.id) or _("more than %(share)s off: explain", share="10 %"))
             for row in report.row.lines if explained.get(row.line.id) or row.flagged]
    if notes:
        pdf.heading(_("Explanation"), 11)
    for name, note in notes:
        pdf.paragraph(f"{name}: {note}")


def funding(pdf: ReportPdf, report: FunderReport) -> None:
    pdf.heading(_("Funding"))
    granted = euro(report.grant.amount)
    if report.advance is not None:
        granted += f" ({_('advance %(amount)s', amount=euro(report.advance))})"
    settle = (_("Final claim"), euro(report.settle)) if report.settle >= 0 else (_("To pay back"), euro(-report.settle))
    pdf.rows([_("Funding"), _("Amount")], [[_("Granted"), granted], [_("Received"), euro(report.row.received)],
                                            [_("Spent on the funded lines"), euro(report.row.spent)], list(settle)],
             (110, 60), numeric={1})


def expenses(pdf: ReportPdf, report: FunderReport) -> None:
    pdf.heading(_("Expenses"))
    if not report.expenses:
        pdf.paragraph(_("No expenses on the funded lines in this period."))
        return
    pdf.rows([_("Receipt number"), _("Date"), _("What"), _("Amount")],
             [[receipt_number(e), format_date(e.on), e.description, euro(e.amount)] for e in report.expenses],
             (30, 30, 80, 30), numeric={3})


def receipt_number(expense) -> str:
    return str(expense.id) if expense.has_receipt else f"{expense.id} ({_('no receipt')})"


def signature(pdf: ReportPdf) -> None:
    pdf.heading(_("Signed for the board"))
    pdf.ln(4)
    for label in (_("Name"), _("Date"), _("Signature")):
        pdf.cell(30, 10, printable(label) + ":")
        pdf.cell(0, 10, "_" * 45, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
