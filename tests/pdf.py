"""What a PDF says, read as a person copying its text would: poppler's pdftotext (poppler-utils)."""

import subprocess


def pdf_text(content: bytes, *, layout: bool = False) -> str:
    """The text of a PDF held in memory (pdftotext reads it from stdin). layout=True keeps the
    columns where they are on the page (a table's label and value on one line)."""
    assert content.startswith(b"%PDF"), f"not a PDF: {content[:60]!r}"
    command = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(command, input=content, capture_output=True, check=True).stdout.decode("utf-8")
