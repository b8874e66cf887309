"""Which line of a CSV file each row starts on, as a text editor counts lines.

``csv.DictReader.line_num`` counts the lines read so far; a row starts that many lines back, less the line
breaks inside its quoted fields. (``str.splitlines`` cannot be used to count: it also splits at U+2028,
form feeds and other characters that are no line break for the csv module or an editor.) Used by
``aon add-evidence`` (a draft's line numbers) and ``aon final-grades`` (a gradebook's).
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterator

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def rows_with_lines(reader: csv.DictReader) -> Iterator[tuple[int, dict]]:
    """Yield (the line the row starts on, the row) for each row of ``reader``; blank lines it skips are counted.

    Give the reader a text stream opened with ``newline=""`` (e.g. ``io.StringIO(text, newline="")``).
    """
    for row in reader:
        fields = [v for key, v in row.items() if key is not None and isinstance(v, str)]
        fields += [v for v in (row.get(None) or []) if isinstance(v, str)]   # fields beyond the header
        yield reader.line_num - sum(len(LINE_BREAK.findall(v)) for v in fields), row
