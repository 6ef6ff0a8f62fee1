"""The one way the product writes a document that is handed out both as Word (DOCX) and as PDF.

A `Document` is its content once: a title, and blocks in order – headings, paragraphs, notices
(a warning a reader must not miss), lists and tables. `to_docx` writes it with python-docx
(municipal case handling runs on Word); `to_pdf` renders the same blocks through the template
`core/document_pdf.html` and `core.pdf.html_to_pdf` (WeasyPrint); `core/document_body.html`
shows the same blocks on a page. The content is never written twice.

Text goes through `clean_text` on its way into the DOCX, as it does into the PDF: a control
character stored in older text would otherwise make python-docx refuse the document.
"""

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from fellesloft.core.pdf import html_to_pdf
from fellesloft.core.spreadsheets import clean_text

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 under the document's title, 2 under that

    kind = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    label: str = ""  # a bold lead-in («Formål: …»)

    kind = "paragraph"


@dataclass(frozen=True)
class Notice:
    """A warning: a framed paragraph in the PDF and on the page, bold with its label in Word."""

    text: str
    label: str = ""

    kind = "notice"


@dataclass(frozen=True)
class Items:
    items: list[str]

    kind = "items"


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]

    kind = "table"


Block = Heading | Paragraph | Notice | Items | Table


@dataclass
class Document:
    title: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> "Document":
        self.blocks.extend(blocks)
        return self


def to_docx(document: Document) -> bytes:
    from docx import Document as WordDocument  # imported late: it loads lxml

    word = WordDocument()
    word.core_properties.title = clean_text(document.title)
    word.add_heading(clean_text(document.title), level=0)
    if document.subtitle:
        word.add_paragraph(clean_text(document.subtitle), style="Subtitle")
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(clean_text(block.text), level=min(block.level, 3))
        elif isinstance(block, Paragraph | Notice):
            paragraph = word.add_paragraph(
                style="Intense Quote" if block.kind == "notice" else None
            )
            if block.label:
                paragraph.add_run(clean_text(block.label) + " ").bold = True
            run = paragraph.add_run(clean_text(block.text))
            run.bold = run.bold or block.kind == "notice"
        elif isinstance(block, Items):
            for item in block.items:
                word.add_paragraph(clean_text(item), style="List Bullet")
        elif isinstance(block, Table):
            table = word.add_table(rows=1, cols=len(block.headers))
            table.style = "Table Grid"
            for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(clean_text(header)).bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = clean_text(value)
            word.add_paragraph()
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def to_html(document: Document) -> str:
    """The document as a standalone HTML page (the PDF's source)."""
    return render_to_string("core/document_pdf.html", {"document": document})


def to_pdf(document: Document, *, base_url: str | None = None) -> bytes:
    return html_to_pdf(to_html(document), base_url=base_url)
