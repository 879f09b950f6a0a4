"""The clipboard codec for the plan grid: TSV and HTML tables, to and from Excel/LibreOffice.

Plain Python (no Qt): the grid turns a ``QMimeData`` into ``{mime type: text}`` and back.

* Copy: :func:`to_tsv` for ``text/plain`` and :func:`to_html` for ``text/html``.
* Paste: :func:`read_clipboard` picks the best of the offered formats (using :func:`parse_tsv`
  and :func:`parse_html_table`), then :func:`tile` applies Excel's "exact multiple" rule.

Every parser refuses more than :data:`MAX_CELLS` cells with a ``ValueError``, before building
the grid, so a hostile or accidental huge clipboard cannot exhaust memory or time.
"""

from __future__ import annotations

import html
import itertools
import re
from html.parser import HTMLParser

MAX_CELLS = 200_000
"""The most cells a parsed (rectangular) grid, or a tiled paste, may have."""

MAX_HTML_CHARS = 16 * 1024 * 1024
"""The longest HTML read (~100k Excel cells at ~150 characters each; html.parser reads a
few MB a second). A longer one is refused, and read_clipboard then uses the TSV."""

MAX_COLSPAN = 1000  # the HTML standard's own limit
MAX_ROWSPAN = 65534  # likewise

_TSV_QUOTE_NEEDED = re.compile(r'[\t\r\n"]')
_TSV_FIELD_END = re.compile(r"[\t\r\n]")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # the HTML standard's ASCII whitespace
_LEADING_DIGITS = re.compile(r"\s*(\d{1,9})")
_DECLARATION = re.compile(r"<[!?]")
_CELL_TAG = re.compile(r"<t[dh](?=[\s/>])", re.IGNORECASE)


def _too_many(count: int, what: str) -> ValueError:
    return ValueError(
        f"the clipboard holds {what} ({count:,} cells or more); "
        f"at most {MAX_CELLS:,} cells can be pasted at once"
    )


def _pad(rows: list[list[str]], width: int) -> list[list[str]]:
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return rows


# --- TSV -------------------------------------------------------------------------------------


def _tsv_cell(cell: str) -> str:
    if _TSV_QUOTE_NEEDED.search(cell):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def to_tsv(rows: list[list[str]]) -> str:
    """Tab-separated text as Excel writes it: CRLF after every row, including the last.

    A cell is wrapped in double quotes (inner quotes doubled) when it contains a tab, CR, LF
    or a double quote. A row with no cells cannot be represented (it reads back as one empty
    cell); an empty grid gives "".
    """
    return "".join("\t".join(_tsv_cell(cell) for cell in row) + "\r\n" for row in rows)


def _closing_quote(text: str, start: int) -> int:
    """The index of the quote closing the quoted field opened at ``start``, or -1.

    The closing quote is the first one not doubled; -1 when there is none before the end.
    """
    pos = start + 1
    while True:
        quote = text.find('"', pos)
        if quote < 0:
            return -1
        if text.startswith('""', quote):
            pos = quote + 2
            continue
        return quote


def parse_tsv(text: str) -> list[list[str]]:
    """The grid in tab-separated clipboard text (Excel's and LibreOffice's ``text/plain``).

    * Rows end with CRLF, LF or CR; a row end at the very end of the text ends the last row
      and adds no empty row ("" gives [], "\\r\\n" gives [[""]]: one empty cell copied).
    * A field that starts with a double quote is a quoted field when a closing quote (the
      first quote not doubled) is directly followed by a tab, a row end or the end of the
      text: its content may then hold tabs, row ends and ``""`` for a quote. Otherwise the
      quote is an ordinary character and the field runs to the next tab or row end. (Excel
      writes a cell such as ``"a" b`` without quoting it; such a cell is read back as is.)
    * Ragged rows are padded with "" to a rectangle; whitespace inside cells is kept.
    * More than :data:`MAX_CELLS` cells (after padding) raises ValueError.

    The work is linear in the length of the text, whatever its quotes.
    """
    if not text:
        return []
    rows: list[list[str]] = []
    row: list[str] = []
    width = 0
    count = 0
    pos = 0
    end = len(text)
    while True:
        field_end = -1
        if text.startswith('"', pos):
            quote = _closing_quote(text, pos)
            if quote >= 0 and (quote + 1 == end or text[quote + 1] in "\t\r\n"):
                row.append(text[pos + 1 : quote].replace('""', '"'))
                field_end = quote + 1
        if field_end < 0:
            match = _TSV_FIELD_END.search(text, pos)
            field_end = match.start() if match else end
            row.append(text[pos:field_end])
        count += 1
        if count > MAX_CELLS:
            raise _too_many(count, "more cells than can be pasted")
        pos = field_end
        if pos < end and text[pos] == "\t":
            pos += 1
            continue
        # A row end, or the end of the text.
        rows.append(row)
        width = max(width, len(row))
        if len(rows) * width > MAX_CELLS:
            raise _too_many(len(rows) * width, f"a block of {len(rows):,} rows x {width:,} columns")
        row = []
        if pos >= end:
            break
        pos += 2 if text.startswith("\r\n", pos) else 1
        if pos >= end:
            break
    return _pad(rows, width)


# --- HTML ------------------------------------------------------------------------------------


def to_html(rows: list[list[str]]) -> str:
    """A minimal UTF-8 HTML document holding the grid as one ``<table>``.

    Cells are HTML-escaped and their line breaks become ``<br>``. The style rule
    ``br {mso-data-placement:same-cell}`` is what Excel itself writes: without it Excel
    pastes the text after a ``<br>`` into the cell below. HTML collapses runs of spaces and
    drops leading and trailing ones, which is one reason the TSV flavour is also offered.
    """
    body = "".join(
        "<tr>"
        + "".join(
            "<td>"
            + "<br>".join(html.escape(line, quote=False) for line in _NEWLINE.split(cell))
            + "</td>"
            for cell in row
        )
        + "</tr>\n"
        for row in rows
    )
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        "<style>br {mso-data-placement:same-cell;} td {vertical-align:top;}</style>\n"
        "</head>\n<body>\n<table>\n" + body + "</table>\n</body>\n</html>\n"
    )


def _span(value: str | None, limit: int) -> int:
    """A colspan/rowspan value as browsers read it: leading digits, 1 when absent or 0."""
    match = _LEADING_DIGITS.match(value or "")
    return min(max(int(match.group(1)), 1), limit) if match else 1


class _FirstTableParser(HTMLParser):
    """Collects the text grid of the first ``<table>``; nested tables become cell text."""

    SKIPPED = frozenset({"style", "script", "template", "title", "comment"})  # LibreOffice notes
    BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"})
    VOID = frozenset({"br", "col", "img", "hr", "input", "meta", "link", "wbr", "area", "base"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = False
        self.done = False
        self.depth = 0  # of <table> elements, once the first one is open
        self.rows: list[list[str]] = []
        self.width = 0
        self.count = 0
        self.row: list[str] | None = None
        self.in_cell = False
        self.cell_index = 0
        self.lines: list[str] = []
        self.line: list[str] = []
        self.line_has_text = False
        self.skipping: list[str] = []
        self.spans: dict[int, int] = {}  # column -> rows still covered, counting the current one
        self.new_spans: dict[int, int] = {}  # spans started in the current row

    # Cell text ---------------------------------------------------------------------------

    def _break(self, hard: bool) -> None:
        if hard or self.line_has_text:
            self.lines.append(_finish_line(self.line))
            self.line = []
            self.line_has_text = False

    def _add_cells(self, cells: list[str]) -> None:
        assert self.row is not None
        self.count += len(cells)
        if self.count > MAX_CELLS:
            raise _too_many(self.count, "an HTML table with more cells than can be pasted")
        self.row.extend(cells)

    # Structure ---------------------------------------------------------------------------

    def _open_row(self) -> None:
        self._close_row()
        self.row = []

    def _close_row(self) -> None:
        self._close_cell()
        if self.row is None:
            return
        self.rows.append(self.row)
        self.width = max(self.width, len(self.row))
        if max(len(self.rows), len(self.rows) * self.width) > MAX_CELLS:
            size = f"an HTML table of {len(self.rows):,} rows x {self.width:,} columns"
            raise _too_many(len(self.rows) * self.width, size)
        self.spans = {col: left - 1 for col, left in self.spans.items() if left > 1}
        for col, left in self.new_spans.items():
            self.spans[col] = max(self.spans.get(col, 0), left)
        self.new_spans = {}
        self.row = None

    def _open_cell(self, attrs: list[tuple[str, str | None]]) -> None:
        self._close_cell()
        if self.row is None:
            self.row = []
        while len(self.row) in self.spans:  # covered by a rowspan from a row above
            self._add_cells([""])
        values = dict(attrs)
        colspan = _span(values.get("colspan"), MAX_COLSPAN)
        rowspan = _span(values.get("rowspan"), MAX_ROWSPAN)
        if rowspan > 1:
            for col in range(len(self.row), len(self.row) + colspan):
                self.new_spans[col] = rowspan - 1  # rows below this one
        self._add_cells([""] * colspan)  # the first is filled in when the cell closes
        self.cell_index = len(self.row) - colspan
        self.in_cell = True
        self.lines, self.line, self.line_has_text = [], [], False
        self.skipping = []

    def _close_cell(self) -> None:
        if not self.in_cell:
            return
        assert self.row is not None
        self.lines.append(_finish_line(self.line))
        self.row[self.cell_index] = "\n".join(self.lines).strip("\n")
        self.in_cell = False
        self.lines, self.line, self.line_has_text = [], [], False
        self.skipping = []

    def finish(self) -> list[list[str]] | None:
        if not self.found:
            return None
        if not self.done:
            self._close_row()
        return _pad(self.rows, self.width) if self.width else []

    # HTMLParser callbacks ----------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if tag == "table":
            if not self.found:
                self.found = True
                self.depth = 1
                return
            if self.depth:
                self.depth += 1
                if self.in_cell:
                    self._break(hard=False)
            return
        if not self.depth:
            return
        if self.depth == 1 and tag == "tr":
            self._open_row()
        elif self.depth == 1 and tag in ("td", "th"):
            self._open_cell(attrs)
        elif not self.in_cell:
            return
        elif tag in self.SKIPPED:
            self.skipping.append(tag)
        elif self.skipping:
            return
        elif tag == "br":
            self._break(hard=True)
        elif tag in self.BLOCKS or tag == "tr":
            self._break(hard=False)
        elif tag in ("td", "th"):
            self.line.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.done or not self.depth:
            return
        if tag == "table":
            self.depth -= 1
            if not self.depth:
                self._close_row()
                self.done = True
            elif self.in_cell:
                self._break(hard=False)
            return
        if self.depth == 1 and tag == "tr":
            self._close_row()
        elif self.depth == 1 and tag in ("td", "th"):
            self._close_cell()
        elif not self.in_cell:
            return
        elif self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
        elif tag in self.BLOCKS or tag == "tr":
            self._break(hard=False)

    def handle_data(self, data: str) -> None:
        if self.in_cell and not self.skipping and not self.done:
            self.line.append(data)
            if not self.line_has_text and data.strip(" \t\n\r\f"):
                self.line_has_text = True


def _finish_line(parts: list[str]) -> str:
    return _HTML_SPACE.sub(" ", "".join(parts)).replace("\xa0", " ").strip(" ")


def parse_html_table(html_text: str) -> list[list[str]] | None:
    """The text grid of the first ``<table>`` in an HTML clipboard fragment, or None.

    Accepts Excel's CF_HTML (``Version:0.9 StartHTML:...`` header lines before the HTML) and
    LibreOffice's full documents. Rows come from ``<tr>`` and cells from ``<td>``/``<th>``:

    * cell text as rendered: runs of spaces, tabs and newlines become one space, ``<br>`` is
      a line break, so are paragraph/div boundaries (Word); lines are stripped of spaces and
      the cell of leading and trailing line breaks (LibreOffice writes ``<td><br></td>`` for an
      empty cell); ``&nbsp;`` becomes a space and other entities are decoded;
    * the content of ``<style>``, ``<script>`` and LibreOffice's note ``<comment>`` is dropped;
    * ``colspan`` adds empty cells to the right, ``rowspan`` empty cells below (as in Excel's
      TSV of a merged range); ragged rows are padded to a rectangle;
    * a table nested in a cell contributes its text to that cell.

    Raises ValueError for more than :data:`MAX_CELLS` cells or :data:`MAX_HTML_CHARS`
    characters, checked before and while parsing.
    """
    if len(html_text) > MAX_HTML_CHARS:
        raise ValueError(
            f"the clipboard HTML is {len(html_text):,} characters long; "
            f"at most {MAX_HTML_CHARS:,} are read"
        )
    cell_tags = sum(1 for _ in itertools.islice(_CELL_TAG.finditer(html_text), MAX_CELLS + 1))
    if cell_tags > MAX_CELLS:
        raise _too_many(cell_tags, "an HTML table with more cells than can be pasted")
    parser = _FirstTableParser()
    try:
        parser.feed(_without_declarations(html_text))
        parser.close()
    except AssertionError as exc:  # what html.parser raises on some malformed markup
        raise ValueError(f"the clipboard HTML cannot be read ({exc})") from None
    return parser.finish()


def _without_declarations(text: str) -> str:
    """The HTML without comments, ``<!...>`` declarations and ``<?...>`` instructions.

    None of them holds cell text, and Python 3.11's html.parser takes quadratic time on
    unterminated ones (``"<!--" * 200_000`` took minutes; CPython gh-135462, fixed in later
    releases), or raises on odd ``<![`` sections. An unterminated one runs to the end, as in
    browsers. A ``<`` after the last ``>`` cannot start a complete tag either, so it is
    escaped into text. One forward pass: linear time.
    """
    parts: list[str] = []
    pos = 0
    while match := _DECLARATION.search(text, pos):
        start = match.start()
        parts.append(text[pos:start])
        if text.startswith("<!--", start):
            if text.startswith("<!-->", start) or text.startswith("<!--->", start):
                pos = text.index(">", start) + 1
                continue
            end = text.find("-->", start + 4)
            pos = end + 3 if end >= 0 else len(text)
        else:
            end = text.find(">", start + 2)
            pos = end + 1 if end >= 0 else len(text)
    parts.append(text[pos:])
    clean = "".join(parts)
    last = clean.rfind(">")
    if clean.find("<", last + 1) >= 0:
        clean = clean[: last + 1] + clean[last + 1 :].replace("<", "&lt;")
    return clean


# --- Paste -----------------------------------------------------------------------------------


def tile(block: list[list[str]], rows: int, cols: int) -> list[list[str]] | None:
    """Excel's paste rule: the block repeated to fill a ``rows`` x ``cols`` selection.

    Only when the selection is an exact multiple of the block in both directions (the same
    size counts: a copy of the block is returned); otherwise None, and the caller pastes the
    block once at the selection's top-left. An empty block or selection gives None. A ragged
    block is padded with "". Raises ValueError when the result would exceed
    :data:`MAX_CELLS` cells.
    """
    height = len(block)
    width = max((len(row) for row in block), default=0)
    if not height or not width or rows <= 0 or cols <= 0:
        return None
    if rows % height or cols % width:
        return None
    if rows * cols > MAX_CELLS:
        raise ValueError(
            f"filling {rows:,} x {cols:,} cells would paste {rows * cols:,} cells; "
            f"at most {MAX_CELLS:,} can be pasted at once"
        )
    padded = [row + [""] * (width - len(row)) for row in block]
    return [padded[r % height] * (cols // width) for r in range(rows)]


def _flavour(mime: dict[str, str], wanted: str) -> str | None:
    """The text of ``wanted`` (e.g. text/plain), also under a parameter such as charset."""
    if wanted in mime:
        return mime[wanted]
    for key, value in mime.items():
        if key.split(";", 1)[0].strip().lower() == wanted:
            return value
    return None


def read_clipboard(mime: dict[str, str]) -> list[list[str]]:
    """The grid to paste, from the offered formats ``{mime type: text}``.

    Keys are MIME types such as ``text/plain`` and ``text/html`` (a parameter, as in
    ``text/plain;charset=utf-8``, is allowed). The choice:

    1. Only one of the HTML table and the TSV gives a non-empty grid: that one.
    2. Both give grids of the same shape: the TSV. Its cells are exactly what the source
       wrote (whitespace kept, nothing re-rendered), whereas Excel's HTML carries display
       formatting and HTML collapses spaces. With correct quoting, the TSV handles
       multi-line cells as well as the HTML does.
    3. Different shapes: the HTML table only when the plain text holds the same words in the
       same order as the table's cells, i.e. the source wrote cells with line
       breaks or tabs without quoting them (Word, browsers), so the TSV split them; otherwise
       the TSV, which is what spreadsheets put there as the primary flavour (an HTML
       fragment whose first table is a layout table, hidden rows in Excel's HTML...).
    4. Neither: [].

    An HTML table that is refused as too large is ignored when there is a TSV; ValueError
    from the TSV (too many cells) is raised.
    """
    plain = _flavour(mime, "text/plain")
    markup = _flavour(mime, "text/html")
    tsv = parse_tsv(plain) if plain else []
    table: list[list[str]] | None = None
    if markup:
        try:
            table = parse_html_table(markup)
        except ValueError:
            if not tsv:
                raise
    if not table:
        return tsv
    if not tsv:
        return table
    if (len(tsv), len(tsv[0])) == (len(table), len(table[0])):
        return tsv
    assert plain is not None
    table_words = [word for row in table for cell in row for word in cell.split()]
    if plain.split() == table_words:
        return table
    return tsv


__all__ = [
    "MAX_CELLS",
    "parse_html_table",
    "parse_tsv",
    "read_clipboard",
    "tile",
    "to_html",
    "to_tsv",
]
