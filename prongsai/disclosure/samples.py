"""Small, valid sample files made in code: for the demo agency and for tests.

``simple_pdf`` writes a one-page PDF 1.4 with a few lines of Latin text (Helvetica, no embedded
font), with a correct cross-reference table, so that PDF readers and our upload checks accept it.
``simple_xlsx`` writes a one-sheet workbook (Thai text is fine: XLSX stores Unicode).
No Django; the demo and the tests use the same files.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

__all__ = ["pdf_from_objects", "simple_pdf", "simple_xlsx"]


def _pdf_text(text: str) -> str:
    latin = text.encode("latin-1", "replace").decode("latin-1")
    return latin.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def simple_pdf(lines: Iterable[str], *, title: str = "") -> bytes:
    """A one-page A4 PDF showing ``lines`` (characters outside Latin-1 become '?')."""
    body = ["BT", "/F1 12 Tf", "14 TL", "56 780 Td"]
    for line in lines:
        body.append(f"({_pdf_text(line)}) Tj T*")
    body.append("ET")
    stream = "\n".join(body).encode("latin-1")
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        ],
        info=b"<< /Title (" + _pdf_text(title).encode("latin-1") + b") /Producer (Prongsai) >>",
    )


def pdf_from_objects(objects: list[bytes], *, info: bytes | None = None) -> bytes:
    """A PDF file of the given objects (object 1 must be the catalogue), numbered from 1, with
    a correct cross-reference table; ``info`` becomes the document information dictionary."""
    objects = [*objects, info] if info is not None else list(objects)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + obj + b"\nendobj\n")
    xref = out.tell()
    info_ref = f" /Info {len(objects)} 0 R" if info is not None else ""
    out.write(f"xref\n0 {len(objects) + 1}\n".encode())
    out.write(b"0000000000 65535 f \n")
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info_ref} >>\n".encode())
    out.write(f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def simple_xlsx(rows: Sequence[Sequence[object]], *, sheet: str = "Sheet1") -> bytes:
    """A one-sheet XLSX workbook holding ``rows`` (the first row is the header)."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
