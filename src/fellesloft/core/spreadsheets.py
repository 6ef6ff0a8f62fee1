"""The one writer of every spreadsheet the product hands out: XLSX (openpyxl) and CSV.

Text from the public (a statement, a barrier, a note) is written so that no spreadsheet program
runs it as a formula (OWASP «CSV injection»): text whose first visible character is = + - @
(or their full-width forms), or that starts with a tab or a line break, is text and stays text.
In XLSX such a cell is a string cell with Excel's quote prefix, so it shows unchanged and stays
text when edited; in CSV it gets a leading apostrophe, as the spreadsheet programs write it.
Characters XML cannot hold (NUL, other control characters, U+FFFE, U+FFFF) are removed, so
one stored statement cannot make an export fail or an XLSX file that does not open.
Numbers, dates and times stay numbers, dates and times; only text is neutralised.
"""

import csv
import io
import math
import numbers
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fellesloft.core.numbers import language_format, percent_pattern

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Everything XML 1.0 cannot carry, except tab, line feed and carriage return; and the
# non-characters U+FFFE and U+FFFF, which make Excel refuse the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_ALWAYS_TEXT_STARTS = ("\t", "\r", "\n")
CSV_PREFIX = "'"

MIN_WIDTH, MAX_WIDTH = 8, 60


@dataclass(frozen=True)
class Percent:
    """A share between 0 and 1, written as a number shown as «95 %» (with `decimals`
    decimals: «9,5 %»)."""

    share: float | None
    decimals: int = 0


def date_format_code() -> str:
    """The XLSX number format of a date in the active language: «15.1.2027» / «15 Jan 2027»."""
    return language_format("SPREADSHEET_DATE_FORMAT", "D.M.YYYY")


def datetime_format_code() -> str:
    return language_format("SPREADSHEET_DATETIME_FORMAT", 'D.M.YYYY "kl." HH:MM')


def percent_format_code(decimals: int = 0) -> str:
    """The XLSX number format of a share: «0 %» / «0.0 %» in bokmål, «0%» in English (the
    language's percent pattern, core/numbers.py; the decimal mark is the reader's own)."""
    digits = "0." + "0" * decimals if decimals > 0 else "0"
    # A plain space: Excel's format codes show a space as it is, other characters need quotes.
    return percent_pattern().format(digits).replace("\u00a0", " ")


def clean_text(text: str) -> str:
    """The text without the characters an XLSX or XML file cannot hold."""
    return _NOT_XML.sub("", text)


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet program take this text for a formula (now or once trimmed)?"""
    return text.startswith(_ALWAYS_TEXT_STARTS) or text.lstrip()[:1] in FORMULA_STARTS


def csv_text(text: str) -> str:
    # A lone CR is a line break to CSV readers, but csv.writer only quotes a field that holds
    # a character of its line terminator: as LF it is quoted and stays inside its cell.
    text = clean_text(text).replace("\r\n", "\n").replace("\r", "\n")
    return CSV_PREFIX + text if is_formula_like(text) else text


def restore_csv_text(text: str) -> str:
    """What `csv_text` wrote, read back: an import of our own export gets the original text."""
    if text.startswith(CSV_PREFIX) and is_formula_like(text[len(CSV_PREFIX) :]):
        return text[len(CSV_PREFIX) :]
    return text


def _is_number(value) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool | complex)


def _is_finite(number) -> bool:
    return number.is_finite() if isinstance(number, Decimal) else math.isfinite(number)


def _local(moment: datetime) -> datetime:
    """Excel has no time zones: Norway's wall-clock time, without tzinfo."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None)


# --- XLSX ------------------------------------------------------------------------------------


class Sheet:
    """One worksheet; `append` is the only way rows get in."""

    def __init__(self, worksheet: Worksheet) -> None:
        self.worksheet = worksheet
        self._rows = 0

    def append(self, values: Iterable = ()) -> None:
        """The next row (an empty one when `values` is empty)."""
        self._rows += 1
        for column, value in enumerate(values, start=1):
            write_cell(self.worksheet.cell(row=self._rows, column=column), value)

    def header(self, labels: Iterable) -> None:
        """A bold heading row; the first one also stays in view while scrolling."""
        self.append(labels)
        for cell in self.worksheet[self._rows]:
            cell.font = Font(bold=True)
        if self._rows == 1:
            self.worksheet.freeze_panes = "A2"

    def widths(self, *widths: float | None) -> None:
        """Column widths from A on (None: measured from the content when saved)."""
        for index, width in enumerate(widths, start=1):
            if width is not None:
                self.worksheet.column_dimensions[get_column_letter(index)].width = width


def write_cell(cell, value) -> None:
    """Puts one value in a cell: text as text, numbers as numbers, dates and shares formatted."""
    if isinstance(value, Percent):
        if _is_number(value.share):
            cell.value = float(value.share) if _is_finite(value.share) else None
            cell.number_format = percent_format_code(value.decimals)
        else:  # hidden (None) or said in words
            write_cell(cell, value.share)
    elif value is None or isinstance(value, bool):
        cell.value = value
    elif _is_number(value):
        cell.value = value if _is_finite(value) else None
    elif isinstance(value, datetime):
        cell.value = _local(value)
        cell.number_format = datetime_format_code()
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = date_format_code()
    else:
        text = clean_text(str(value))  # a lazy translation or any other object as its text
        # A carriage return is a line break, written as one: openpyxl keeps a CR (as &#13;)
        # when lxml is installed and an XML reader turns it into LF when it is not, so the
        # same text would read back differently on two machines.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        cell.value = text
        # openpyxl takes text that starts with "=" for a formula; ours never is one.
        cell.data_type = "s"
        if is_formula_like(text):
            cell.quotePrefix = True  # Excel keeps it text also when the cell is edited


class Spreadsheet:
    """An XLSX workbook: `create_sheet(title)` gives a Sheet, `to_bytes()` the file."""

    def __init__(self) -> None:
        self.workbook = Workbook()
        self._unused_first = True

    def create_sheet(self, title) -> Sheet:
        title = clean_text(str(title))[:31]
        if self._unused_first:
            self._unused_first = False
            worksheet = self.workbook.active
            worksheet.title = title
        else:
            worksheet = self.workbook.create_sheet(title)
        return Sheet(worksheet)

    def to_bytes(self) -> bytes:
        for worksheet in self.workbook.worksheets:
            _fit_columns(worksheet)
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def _display_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len("31.12.2026 kl. 23:59")
    if isinstance(value, date):
        return len("31.12.2026")
    if isinstance(value, float):
        return len(f"{value:.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _fit_columns(worksheet: Worksheet) -> None:
    """Every column gets a width from its content unless the writer set one; long text wraps."""
    longest: dict[int, int] = {}
    texts = []
    for row in worksheet.iter_rows():
        for cell in row:
            length = _display_length(cell.value)
            longest[cell.column] = max(longest.get(cell.column, 0), length)
            if isinstance(cell.value, str):
                texts.append((cell, length))
    widths = {}
    for column, length in longest.items():
        letter = get_column_letter(column)
        chosen = letter in worksheet.column_dimensions  # the writer set this column's width
        dimension = worksheet.column_dimensions[letter]
        if not chosen:
            dimension.width = max(MIN_WIDTH, min(MAX_WIDTH, length + 2))
        widths[column] = dimension.width
    for cell, length in texts:
        if length + 2 > widths[cell.column]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


# --- CSV -------------------------------------------------------------------------------------


def csv_value(value, *, decimal_comma: bool = False) -> str:
    """One CSV cell: text neutralised, numbers as numbers (optionally with decimal comma)."""
    if isinstance(value, Percent):
        value = value.share
    if value is None:
        return ""
    if _is_number(value):
        if not _is_finite(value):
            return ""
        text = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, datetime):
        return _local(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return csv_text(str(value))


class CsvWriter:
    """Like csv.writer, with every cell written by `csv_value`."""

    def __init__(
        self,
        stream,
        *,
        delimiter: str = ";",
        lineterminator: str = "\r\n",
        byte_order_mark: bool = True,
        decimal_comma: bool = False,
    ) -> None:
        if byte_order_mark:
            stream.write("\ufeff")  # Excel opens UTF-8 with the BOM and shows «ø» right
        self._writer = csv.writer(stream, delimiter=delimiter, lineterminator=lineterminator)
        self._decimal_comma = decimal_comma

    def writerow(self, values: Iterable) -> None:
        self._writer.writerow(
            [csv_value(value, decimal_comma=self._decimal_comma) for value in values]
        )

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)
