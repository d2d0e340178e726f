"""Small, real documents for the demo library and the tests (fictional contents).

`pdf(lines)` writes a one-page PDF whose text pypdf (and any reader) can extract; `docx(lines)`
and `xlsx(rows)` write Office files with python-docx and openpyxl.
"""

from io import BytesIO


def _pdf_escape(text: str) -> str:
	return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(lines: list[str]) -> bytes:
	stream_lines = ["BT", "/F1 12 Tf", "14 TL", "72 760 Td"]
	for line in lines:
		stream_lines.append(f"({_pdf_escape(line.encode('latin-1', 'replace').decode('latin-1'))}) Tj T*")
	stream_lines.append("ET")
	stream = "\n".join(stream_lines).encode("latin-1")
	objects = [
		b"<< /Type /Catalog /Pages 2 0 R >>",
		b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
		b"/Resources << /Font << /F1 5 0 R >> >> >>",
		b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
		b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	]
	out = BytesIO()
	out.write(b"%PDF-1.4\n")
	offsets = []
	for number, body in enumerate(objects, start=1):
		offsets.append(out.tell())
		out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
	xref = out.tell()
	out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
	for offset in offsets:
		out.write(f"{offset:010d} 00000 n \n".encode())
	out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
	return out.getvalue()


def docx(lines: list[str]) -> bytes:
	import docx as python_docx

	document = python_docx.Document()
	for line in lines:
		document.add_paragraph(line)
	out = BytesIO()
	document.save(out)
	return out.getvalue()


def xlsx(rows: list[list]) -> bytes:
	from openpyxl import Workbook

	workbook = Workbook()
	sheet = workbook.active
	for row in rows:
		sheet.append(row)
	out = BytesIO()
	workbook.save(out)
	return out.getvalue()
