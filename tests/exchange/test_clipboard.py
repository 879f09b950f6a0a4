"""The clipboard codec: Excel/LibreOffice TSV and HTML tables, tiling and format choice."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.exchange.clipboard import (
    MAX_CELLS,
    MAX_HTML_CHARS,
    parse_html_table,
    parse_tsv,
    read_clipboard,
    tile,
    to_html,
    to_tsv,
)

# --- TSV -------------------------------------------------------------------------------------


def excel_block() -> tuple[str, list[list[str]]]:
    """A 12 x 3 block as Excel copies it: finance formats, one quoted multi-line cell."""
    expected = [
        [f"{k * 1000 + 234.5:,.1f}", f"({k * 1000 + 234:,})", f"Line {k}"] for k in range(12)
    ]
    expected[5][2] = 'Staff\tcosts "agency"\nand bank'
    lines = []
    for row in expected:
        cells = [
            f'"{c.replace(chr(34), chr(34) * 2)}"' if re.search('[\t\n"]', c) else c for c in row
        ]
        lines.append("\t".join(cells) + "\r\n")
    return "".join(lines), expected


def test_excel_block_with_trailing_crlf_and_a_quoted_cell_parses_to_12_by_3() -> None:
    text, expected = excel_block()
    assert text.endswith("\r\n")
    assert '"Staff\tcosts ""agency""\nand bank"' in text
    grid = parse_tsv(text)
    assert len(grid) == 12
    assert all(len(row) == 3 for row in grid)
    assert grid == expected
    assert grid[0] == ["234.5", "(234)", "Line 0"]
    assert grid[11][:2] == ["11,234.5", "(11,234)"]


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_row_ends_crlf_lf_and_cr(newline: str) -> None:
    text = f"a\tb{newline}c\td{newline}"
    assert parse_tsv(text) == [["a", "b"], ["c", "d"]]
    assert parse_tsv(text[: -len(newline)]) == [["a", "b"], ["c", "d"]]  # no trailing row end


def test_mixed_row_ends_and_newlines_inside_quotes_are_kept() -> None:
    assert parse_tsv('"x\r\ny"\tz\n"p\rq"\tr\r') == [["x\r\ny", "z"], ["p\rq", "r"]]


def test_single_cell_and_empty_inputs() -> None:
    assert parse_tsv("") == []
    assert parse_tsv("1,234.5") == [["1,234.5"]]
    assert parse_tsv("1,234.5\r\n") == [["1,234.5"]]
    assert parse_tsv("\r\n") == [[""]]  # one empty cell copied
    assert parse_tsv("  padded  ") == [["  padded  "]]  # the caller trims


def test_blank_cells_and_blank_rows_inside_the_block() -> None:
    text = "a\t\tc\r\n\t\t\r\n\r\nd\te\tf\r\n\t\t\r\n"
    assert parse_tsv(text) == [
        ["a", "", "c"],
        ["", "", ""],
        ["", "", ""],
        ["d", "e", "f"],
        ["", "", ""],
    ]


def test_ragged_rows_are_padded_and_trailing_whitespace_kept() -> None:
    assert parse_tsv("a \t b\r\nc\r\n\td\te\t\r\n") == [
        ["a ", " b", "", ""],
        ["c", "", "", ""],
        ["", "d", "e", ""],
    ]


def test_quotes_that_do_not_open_a_quoted_field_are_text() -> None:
    # Excel leaves a cell such as `"a" b` or `5"` unquoted; an unclosed quote is text too.
    assert parse_tsv('"a" b\t5"\r\n"open\tx\r\n') == [['"a" b', '5"'], ['"open', "x"]]
    assert parse_tsv('""\t""""\r\n') == [["", '"']]


def test_to_tsv_is_excel_style() -> None:
    grid = [["1", "a\tb", 'say "hi"'], ["", "two\nlines", "x\ry"]]
    assert to_tsv(grid) == '1\t"a\tb"\t"say ""hi"""\r\n\t"two\nlines"\t"x\ry"\r\n'
    assert to_tsv([]) == ""


# The timed tests below count this process's CPU time (time.process_time), not the
# clock: what they guard is the work a hostile clipboard costs (linear, bounded), which
# other processes on a busy machine, or the suite's other workers, do not change.


def test_too_many_tsv_cells_are_refused_quickly() -> None:
    start = time.process_time()
    with pytest.raises(ValueError, match="at most 200,000 cells"):
        parse_tsv("x\t" * (MAX_CELLS + 10))
    with pytest.raises(ValueError, match="rows x"):  # the padded rectangle is what counts
        parse_tsv("\t" * 999 + "\n" + "x\n" * 1000)
    assert time.process_time() - start < 2


def test_hostile_quotes_stay_linear() -> None:
    start = time.process_time()
    text = '"a\t' * 60_000  # every field opens a quote that never closes
    assert len(parse_tsv(text)[0]) == 60_001
    text = '"""x' * 20_000 + '\t"' * 20_000
    parse_tsv(text)
    assert time.process_time() - start < 2


# --- HTML ------------------------------------------------------------------------------------

EXCEL_CF_HTML = """Version:0.9\r
StartHTML:0000000105\r
EndHTML:0000002722\r
StartFragment:0000002002\r
EndFragment:0000002662\r
<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:x="urn:schemas-microsoft-com:office:excel"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Excel.Sheet>
<meta name=Generator content="Microsoft Excel 15">
<link id=Main-File rel=Main-File
href="file:///C:/Users/plan/AppData/Local/Temp/msohtmlclip1/01/clip.htm">
<style>
<!--table
\t{mso-displayed-decimal-separator:"\\.";
\tmso-displayed-thousand-separator:"\\,";}
tr
\t{mso-height-source:auto;}
br
\t{mso-data-placement:same-cell;}
td
\t{padding-top:1px;
\tcolor:black;
\tfont-family:Calibri, sans-serif;
\tmso-number-format:General;
\twhite-space:nowrap;}
.xl65
\t{mso-number-format:"\\#\\,\\#\\#0_\\)\\;\\\\\\(\\#\\,\\#\\#0\\\\\\)";}
.xl66
\t{white-space:normal;}
-->
</style>
</head>

<body link="#0563C1" vlink="#954F72">

<table border=0 cellpadding=0 cellspacing=0 width=256 style='border-collapse:
 collapse;width:192pt'>
<!--StartFragment-->
 <col width=64 span=4 style='width:48pt'>
 <tr height=20 style='height:15.0pt'>
  <td height=20 class=xl65 align=right width=64 style='height:15.0pt;
  width:48pt' x:num="1234.5">1,234.5</td>
  <td class=xl65 align=right width=64 style='width:48pt' x:num="-1234">(1,234)</td>
  <td width=64 style='width:48pt'>Pay&nbsp;&amp; pensions</td>
  <td width=64 style='width:48pt'></td>
 </tr>
 <tr height=40 style='height:30.0pt'>
  <td height=40 class=xl66 width=64 style='height:30.0pt;width:48pt'>Agency<br>
    staff</td>
  <td colspan=2 style='mso-ignore:colspan'>Merged across two</td>
  <td align=right x:num>7</td>
 </tr>
 <![if supportMisalignedColumns]>
 <tr height=0 style='display:none'>
 </tr>
 <![endif]>
<!--EndFragment-->
</table>

</body>

</html>
"""

LIBREOFFICE_HTML = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">

<html>
<head>
\t<meta http-equiv="content-type" content="text/html; charset=utf-8"/>
\t<title></title>
\t<meta name="generator" content="LibreOffice 7.6.4.1 (Linux)"/>
\t<style type="text/css">
\t\tbody,div,table,thead,tbody,tfoot,tr,th,td,p { font-family:"Liberation Sans"; }
\t\ta.comment-indicator { background:red; display:inline-block; }
\t\tcomment { display:none;  }
\t</style>
</head>

<body>
<table cellspacing="0" border="0">
\t<colgroup span="3" width="85"></colgroup>
\t<tr>
\t\t<td height="17" align="right" sdval="1234.5" sdnum="2057;0;#,##0.00">1,234.50</td>
\t\t<td align="left">Caf&eacute; &lt;north&gt;<a class="comment-indicator"></a>
<comment><p>reviewed by finance</p></comment></td>
\t\t<td align="left"><br></td>
\t</tr>
\t<tr>
\t\t<td height="33" align="left">first line<br>second line</td>
\t\t<td align="right" sdval="-2" sdnum="2057;0;0"><font color="#FF0000">-2</font></td>
\t\t<td align="left"><b>bold</b> <i>and italic</i></td>
\t</tr>
</table>
<!-- ************************************************************************** -->
</body>

</html>
"""


def test_excel_cf_html_with_headers_style_classes_nbsp_and_br() -> None:
    assert parse_html_table(EXCEL_CF_HTML) == [
        ["1,234.5", "(1,234)", "Pay & pensions", ""],
        ["Agency\nstaff", "Merged across two", "", "7"],
        ["", "", "", ""],  # Excel's hidden alignment row (display:none)
    ]


def test_libreoffice_document_with_notes_fonts_and_empty_br_cells() -> None:
    assert parse_html_table(LIBREOFFICE_HTML) == [
        ["1,234.50", "Café <north>", ""],
        ["first line\nsecond line", "-2", "bold and italic"],
    ]


def test_only_the_first_table_is_read_and_no_table_gives_none() -> None:
    page = "<p>intro</p><table><tr><th>A</th><th>B</th></tr></table><table><tr><td>x</td></tr>"
    assert parse_html_table(page) == [["A", "B"]]
    assert parse_html_table("<p>no table here</p>") is None
    assert parse_html_table("") is None
    assert parse_html_table("<table></table>") == []


def test_spans_nesting_implied_ends_and_blocks() -> None:
    markup = (
        "<TABLE><TBODY><TR><TD ROWSPAN=2>tall<TD COLSPAN=2>wide"
        "<TR><TD>b1<td>b2"
        "<tr><td><table><tr><td>in</td><td>ner</td></tr></table></td><td><p>p1</p><p>p2</p>"
        "<td/>"
        "</TABLE>"
    )
    assert parse_html_table(markup) == [
        ["tall", "wide", ""],
        ["", "b1", "b2"],
        ["in ner", "p1\np2", ""],
    ]


def test_whitespace_is_collapsed_and_lines_are_trimmed() -> None:
    markup = "<table><tr><td>\n  a \t b  <br>\n   c  <br><br> d </td></tr></table>"
    assert parse_html_table(markup) == [["a b\nc\n\nd"]]


def test_to_html_is_a_utf8_document_excel_reads_as_a_grid() -> None:
    page = to_html([["1", "<b>&"], ["two\r\nlines", ""]])
    assert '<meta charset="utf-8">' in page
    assert "mso-data-placement:same-cell" in page
    assert "<td>&lt;b&gt;&amp;</td>" in page
    assert "<td>two<br>lines</td>" in page
    assert parse_html_table(page) == [["1", "<b>&"], ["two\nlines", ""]]


def test_a_huge_html_table_is_refused_quickly() -> None:
    start = time.process_time()
    with pytest.raises(ValueError, match="at most 200,000 cells"):
        parse_html_table("<table>" + "<tr><td>1</td></tr>" * 300_000 + "</table>")
    with pytest.raises(ValueError, match="at most 200,000 cells"):  # colspan expansion
        parse_html_table("<table><tr>" + '<td colspan="999999">x</td>' * 300 + "</table>")
    with pytest.raises(ValueError, match="rows x"):  # empty rows padded to a wide rectangle
        parse_html_table("<table><tr><td colspan=1000>x" + "<tr>" * 300 + "</table>")
    with pytest.raises(ValueError, match="rows x"):  # rows without cells count too
        parse_html_table("<table>" + "<tr>" * (MAX_CELLS + 1))
    with pytest.raises(ValueError, match="characters long"):
        parse_html_table("<table><tr><td>" + "x" * MAX_HTML_CHARS)
    assert time.process_time() - start < 5


@pytest.mark.parametrize("junk", ["<!--", "</", "<?", "<!", "<![", "<a b='x' ", "<"])
def test_malformed_markup_is_read_in_linear_time(junk: str) -> None:
    # Python 3.11's html.parser needs minutes for 200,000 unterminated "<!--".
    start = time.process_time()
    grid = parse_html_table("<table><tr><td>x</td><td>" + junk * 200_000)
    assert grid is not None
    assert (len(grid), len(grid[0]), grid[0][0]) == (1, 2, "x")
    assert time.process_time() - start < 3


def test_comments_declarations_and_cell_less_tables() -> None:
    markup = "<table><!-- <tr><td>no</td></tr> --><tr><td>a<!---->b<![endif]></td></tr></table>"
    assert parse_html_table(markup) == [["ab"]]
    assert parse_html_table("<table><tr></tr><tr></tr></table>") == []
    assert parse_html_table("<table><tr><td>a<b</td></tr></table>") == [["a"]]


# --- Round trips -----------------------------------------------------------------------------

cell_text = st.text(st.characters(exclude_characters="\x00"), max_size=12)


@st.composite
def grids(draw: st.DrawFn) -> list[list[str]]:
    rows = draw(st.integers(1, 6))
    cols = draw(st.integers(1, 5))
    return [[draw(cell_text) for _ in range(cols)] for _ in range(rows)]


def rendered(cell: str) -> str:
    """A cell as HTML shows it: spaces collapsed, lines trimmed, outer line breaks dropped."""
    lines = re.split(r"\r\n|\r|\n", cell)
    lines = [re.sub(r"[ \t\f]+", " ", line).replace("\xa0", " ").strip(" ") for line in lines]
    return "\n".join(lines).strip("\n")


@settings(max_examples=300, deadline=None)
@given(grids())
def test_tsv_round_trip(grid: list[list[str]]) -> None:
    assert parse_tsv(to_tsv(grid)) == grid


@settings(max_examples=300, deadline=None)
@given(grids())
def test_html_round_trip(grid: list[list[str]]) -> None:
    assert parse_html_table(to_html(grid)) == [[rendered(c) for c in row] for row in grid]


# --- Tiling ----------------------------------------------------------------------------------


def test_tile_exact_multiples() -> None:
    block = [["a", "b"], ["c", "d"]]
    assert (
        tile(block, 4, 6)
        == [
            ["a", "b", "a", "b", "a", "b"],
            ["c", "d", "c", "d", "c", "d"],
        ]
        * 2
    )
    assert tile(block, 2, 2) == block
    assert tile(block, 2, 2) is not block
    assert tile([["x", "y", "z"]], 3, 3) == [["x", "y", "z"]] * 3


def test_tile_non_multiples_give_none() -> None:
    block = [["a", "b"], ["c", "d"]]
    assert tile(block, 3, 2) is None
    assert tile(block, 2, 3) is None
    assert tile(block, 1, 1) is None  # a smaller selection: paste the block once
    assert tile(block, 0, 2) is None
    assert tile([], 2, 2) is None


def test_tile_one_cell_fills_any_selection() -> None:
    assert tile([["7"]], 3, 2) == [["7", "7"], ["7", "7"], ["7", "7"]]
    assert tile([["7"]], 1, 1) == [["7"]]
    with pytest.raises(ValueError, match="at most 200,000"):
        tile([["7"]], 1000, 1000)


def test_tile_pads_a_ragged_block() -> None:
    assert tile([["a", "b"], ["c"]], 2, 4) == [["a", "b", "a", "b"], ["c", "", "c", ""]]


# --- Choosing a flavour ----------------------------------------------------------------------


def test_same_shape_prefers_the_tsv() -> None:
    mime = {
        "text/plain": "  lead\t1,234.5\r\n",
        "text/html": "<table><tr><td>  lead</td><td>1,234.5</td></tr></table>",
    }
    assert read_clipboard(mime) == [["  lead", "1,234.5"]]


def test_excel_clipboard_gives_the_tsv_grid() -> None:
    text, expected = excel_block()
    markup = to_html(expected)
    assert read_clipboard({"text/html": markup, "text/plain": text}) == expected


def test_html_alone_or_with_empty_text_is_used() -> None:
    assert read_clipboard({"text/html": LIBREOFFICE_HTML})[1][0] == "first line\nsecond line"
    assert read_clipboard({"text/html": LIBREOFFICE_HTML, "text/plain": ""})[0][0] == "1,234.50"


def test_html_wins_when_the_text_split_unquoted_multiline_cells() -> None:
    # Word and browsers write a cell's line break unquoted into text/plain.
    mime = {
        "text/plain;charset=utf-8": "Agency\nstaff\t12\r\nBank\t3\r\n",
        "text/html": "<table><tr><td>Agency<br>staff</td><td>12</td></tr>"
        "<tr><td>Bank</td><td>3</td></tr></table>",
    }
    assert read_clipboard(mime) == [["Agency\nstaff", "12"], ["Bank", "3"]]


def test_tsv_wins_when_the_html_is_something_else() -> None:
    mime = {
        "text/plain": "a\tb\r\nc\td\r\n",
        "text/html": "<table><tr><td>Menu</td></tr></table><table><tr><td>a</td></tr></table>",
    }
    assert read_clipboard(mime) == [["a", "b"], ["c", "d"]]
    assert read_clipboard({"text/plain": "x", "text/html": "<p>no table</p>"}) == [["x"]]
    assert read_clipboard({"text/plain": "x", "text/html": "<table></table>"}) == [["x"]]


def test_nothing_usable_gives_an_empty_grid() -> None:
    assert read_clipboard({}) == []
    assert read_clipboard({"image/png": "..."}) == []


def test_a_refused_html_table_falls_back_to_the_tsv() -> None:
    huge = "<table>" + "<td>1" * (MAX_CELLS + 1)
    assert read_clipboard({"text/plain": "1\t2", "text/html": huge}) == [["1", "2"]]
    with pytest.raises(ValueError):
        read_clipboard({"text/html": huge})
