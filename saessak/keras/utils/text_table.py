"""Terminal text layout for ``model.summary()``: what Keras 3 gets from the ``rich`` library.

Keras 3 draws the summary with ``rich``; saessak has no dependency on it, so
this module re-creates the part of rich's behaviour the summary uses, to the
byte:

- widths in terminal cells (CJK characters take two, combining marks none);
- word wrapping: a line breaks before a word that does not fit; a word longer
  than the whole width is cut with ``…`` inside table cells and folded onto
  several lines elsewhere; cells are justified left, right or centred;
- a table with fixed column widths plus one space of padding on each side:
  when the padding makes the table wider than asked, rich takes the excess
  evenly from all columns (rounding as ``round`` does), and when the columns
  leave room, it shares the room out in proportion to their widths; a heavy
  box around the header, a light one around the body, a rule between rows;
- the console: lines wider than the terminal are cropped (tables) or wrapped
  (plain lines); on a terminal, styles become ANSI codes (bold ``1``, the
  xterm-256 colours 33/34/45 as ``38;5;N``, or their 16-colour cousins when
  ``TERM`` only promises 16 colours), each styled run closed by ``ESC[0m``;
  ``NO_COLOR`` keeps the bold and drops the colours; a dumb terminal gets none.
"""

import os
import re
import sys
import unicodedata

__all__ = ["BOLD", "Console", "render_table"]

# Styles are (bold, colour) pairs or None; colours are xterm-256 indexes as Keras writes them.
BOLD = (True, None)
_STANDARD_COLOURS = {33: "94", 34: "32", 45: "96", 9: "91"}  # rich's 16-colour downgrade
_SINGLE_CELL = ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482), (0x2500, 0x25FC),
                (0x2800, 0x28FF))


# ------------------------------------------------------------------------ cells and wrapping
def _char_cells(ch):
    code = ord(ch)
    if any(lo <= code <= hi for lo, hi in _SINGLE_CELL):
        return 1
    if (code and code < 32) or 0x7F <= code < 0xA0:
        return 0
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _single_cells(text):
    if text.isascii():
        return text.isprintable()
    return all(any(lo <= ord(ch) <= hi for lo, hi in _SINGLE_CELL) for ch in text)


def _cell_len(text):
    if _single_cells(text):
        return len(text)
    return sum(_char_cells(ch) for ch in text)


def _set_cell_size(text, total):
    """Crop or pad ``text`` to ``total`` cells; a wide character cut in half becomes a space."""
    if _single_cells(text):
        return text + " " * (total - len(text)) if len(text) < total else text[:total]
    if total <= 0:
        return ""
    size = _cell_len(text)
    if size <= total:
        return text + " " * (total - size)
    used = 0
    for i, ch in enumerate(text):
        cells = _char_cells(ch)
        if used + cells > total:
            return text[:i] + " " * (total - used)
        used += cells
    return text


def _chop_cells(text, width):
    lines, offset, size = [], 0, 0
    for i, ch in enumerate(text):
        cells = _char_cells(ch)
        if size + cells > width:
            lines.append(text[offset:i])
            offset, size = i, 0
        size += cells
    if size:
        lines.append(text[offset:])
    return lines


def _break_offsets(text, width, fold):
    """Where to break ``text`` into lines of ``width`` cells; words keep their trailing spaces."""
    breaks, offset = [], 0
    for match in re.finditer(r"\s*\S+\s*", text):
        start, word = match.start(), match.group(0)
        word_len = _cell_len(word.rstrip())
        if width - offset >= word_len:
            offset += _cell_len(word)
        elif word_len > width:
            if fold:
                pieces = _chop_cells(word, width)
                for k, piece in enumerate(pieces):
                    if start:
                        breaks.append(start)
                    if k == len(pieces) - 1:
                        offset = _cell_len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = _cell_len(word)
        elif offset and start:
            breaks.append(start)
            offset = _cell_len(word)
    return breaks


class _Line:
    """One line of text with a style per character (rich's Text, reduced to what we use)."""

    def __init__(self, text, styles):
        self.text, self.styles = text, styles

    def set_text(self, text):
        old = self.styles
        self.styles = [old[i] if i < len(old) else None for i in range(len(text))]
        self.text = text

    def pad_left(self, n):
        if n > 0:
            self.text, self.styles = " " * n + self.text, [None] * n + self.styles

    def pad_right(self, n):
        if n > 0:
            self.text, self.styles = self.text + " " * n, self.styles + [None] * n

    def truncate(self, width, overflow, pad=False):
        length = _cell_len(self.text)
        if length > width:
            if overflow == "ellipsis":
                self.set_text(_set_cell_size(self.text, width - 1) + "…")
            else:
                self.set_text(_set_cell_size(self.text, width))
        if pad and length < width:
            self.pad_right(width - length)

    def segments(self, base=None):
        out, start = [], 0
        for i in range(1, len(self.text) + 1):
            if i == len(self.text) or self.styles[i] != self.styles[start]:
                out.append((self.text[start:i], _combine(base, self.styles[start])))
                start = i
        return out


def _wrap(runs, width, justify, overflow):
    """Lay out styled ``runs`` [(text, style)] in ``width`` cells as rich's Text.wrap does."""
    text = "".join(t for t, _ in runs)
    styles = [s for t, s in runs for _ in t]
    lines, pos = [], 0
    for paragraph in text.split("\n"):
        par_styles = styles[pos:pos + len(paragraph)]
        pos += len(paragraph) + 1
        cuts = [0, *_break_offsets(paragraph, width, overflow == "fold"), len(paragraph)]
        new = [_Line(paragraph[a:b], par_styles[a:b]) for a, b in zip(cuts, cuts[1:])]
        for line in new:
            excess = len(line.text) - width
            trailing = len(line.text) - len(line.text.rstrip())
            if excess > 0 and trailing:
                line.set_text(line.text[:len(line.text) - min(trailing, excess)])
        for line in new:
            if justify == "left":
                line.truncate(width, overflow, pad=True)
            elif justify in ("right", "center"):
                line.set_text(line.text.rstrip())
                line.truncate(width, overflow)
                gap = width - _cell_len(line.text)
                line.pad_left(gap if justify == "right" else gap // 2)
                line.pad_right(width - _cell_len(line.text))
            line.truncate(width, overflow)
        lines.extend(new)
    return lines


def _combine(base, style):
    if base is None or style is None:
        return style if base is None else base
    return (base[0] or style[0], style[1] if style[1] is not None else base[1])


def _crop(segments, width):
    if sum(_cell_len(text) for text, _ in segments) <= width:
        return segments
    out, used = [], 0
    for text, style in segments:
        cells = _cell_len(text)
        if used + cells < width:
            out.append((text, style))
            used += cells
        else:
            out.append((_set_cell_size(text, width - used), style))
            break
    return out


# ------------------------------------------------------------------------ console
class Console:
    """Where the summary goes: its width and colour system, decided as rich decides them."""

    def __init__(self, capture):
        env = os.environ
        stdout = sys.stdout
        terminal = False
        if not capture:
            if env.get("TTY_COMPATIBLE") in ("0", "1"):
                terminal = env["TTY_COMPATIBLE"] == "1"
            elif env.get("FORCE_COLOR") is not None:
                terminal = env["FORCE_COLOR"] != ""
            else:
                try:
                    terminal = bool(stdout.isatty())
                except (AttributeError, ValueError):
                    terminal = False
        dumb = terminal and env.get("TERM", "").strip().lower() in ("dumb", "unknown")
        self.colours = None
        if terminal and not dumb:
            term = env.get("TERM", "").strip().lower().rpartition("-")[2]
            if env.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
                self.colours = "8bit"  # 256-colour codes are kept as such in truecolor mode
            else:
                self.colours = "8bit" if term in ("256color", "kitty") else "standard"
        self.no_colour = env.get("NO_COLOR", "") != ""
        columns = env.get("COLUMNS")
        if dumb:
            self.width = 80
        elif columns is not None and columns.isdigit():
            self.width = int(columns)
        else:
            self.width = _terminal_size() or 80
        self.parts = []

    def sgr(self, style):
        if style is None or self.colours is None:
            return ""
        codes = ["1"] if style[0] else []
        colour = style[1]
        if colour is not None and not self.no_colour:
            if colour < 16:
                codes.append(_STANDARD_COLOURS.get(colour, str(30 + colour)))
            elif self.colours == "standard":
                codes.append(_STANDARD_COLOURS[colour])
            else:
                codes.append(f"38;5;{colour}")
        return ";".join(codes)

    def emit(self, segments):
        line = []
        for text, style in _crop(segments, self.width):
            code = self.sgr(style) if text else ""
            line.append(f"\x1b[{code}m{text}\x1b[0m" if code else text)
        self.parts.append("".join(line) + "\n")

    def print_text(self, runs):
        """``console.print`` of a markup line: wrapped (words folded) at the console width."""
        for line in _wrap(runs, self.width, "default", "fold"):
            self.emit(line.segments())


def _terminal_size():
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
    return 0


# ------------------------------------------------------------------------ table
def _column_widths(inner, line_length):
    """rich's widths for fixed-width columns in a table of ``line_length`` (padding included)."""
    max_width = line_length - (len(inner) + 1)
    widths = [max(min(w + 2, max_width), 0) or 1 for w in inner]
    total = sum(widths)
    if total > max_width:
        excess, ratio_left, reduced = total - max_width, sum(1 for w in widths if w), []
        for w in widths:  # rich's ratio_reduce with equal ratios
            cut = min(w, round(excess / ratio_left)) if w else 0
            reduced.append(w - cut)
            excess -= cut
            ratio_left -= 1 if w else 0
        widths = [0 if w < 1 else min(i + 2, w) for i, w in zip(inner, reduced)]
        total = sum(widths)
    if total < max_width:  # rich's ratio_distribute of the leftover space
        left, ratio_left, grown = max_width - total, sum(widths), []
        for w in widths:
            add = -(-w * left // ratio_left) if ratio_left > 0 else left
            grown.append(w + add)
            ratio_left -= w
            left -= add
        widths = grown
    return widths


def render_table(console, header, justify, rows, inner, line_length):
    widths = _column_widths(inner, line_length)

    def rule(left, mid, right, fill):
        console.emit([(left + mid.join(fill * w for w in widths) + right, None)])

    def row(cells, bar, cell_style, vertical):
        rendered = []
        for runs, width, just in zip(cells, widths, justify):
            # rich renders nothing in less than one cell; the cell is then all blank.
            lines = _wrap(runs, width - 2, just, "ellipsis") if width - 2 >= 1 else []
            rendered.append([[(" ", cell_style), *line.segments(cell_style), (" ", cell_style)]
                             for line in lines])
        height = max([1] + [len(c) for c in rendered])
        for c, width in zip(rendered, widths):
            blank = [[(" " * width, cell_style)]] * (height - len(c))
            c[:] = blank + c if vertical == "bottom" else c + blank
        for k in range(height):
            segments = [(bar, None)]
            for c in rendered:
                segments += c[k] + [(bar, None)]
            console.emit(segments)

    rule("┏", "┳", "┓", "━")
    row([[(h, None)] for h in header], "┃", BOLD, "bottom")
    rule("┡", "╇", "┩", "━")
    for i, cells in enumerate(rows):
        row(cells, "│", None, "top")
        if i < len(rows) - 1:
            rule("├", "┼", "┤", "─")
    rule("└", "┴", "┘", "─")
