"""PDF documents in Vietnamese: the one place that knows about fonts.

fpdf2's built-in fonts are Latin-1 only, so "Ký nhận" or "Đồng" would fail
to encode. We ship DejaVu Sans (free licence in fonts/LICENSE-DejaVu.txt,
full Vietnamese coverage) and every document starts from `document()`, so
payout sheets, certificates and posters all render the same glyphs.
"""

from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"


def document(title: str, *, landscape: bool = False) -> FPDF:
    """An A4 document with the Vietnamese font set and its title in the metadata."""
    pdf = FPDF(orientation="L" if landscape else "P", unit="mm", format="A4")
    pdf.set_title(title)
    pdf.set_creator("CNSCĐ")
    pdf.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_font(FAMILY, size=11)
    pdf.set_auto_page_break(auto=True, margin=15)
    return pdf


def rendered(pdf: FPDF) -> bytes:
    """The finished file; fpdf2 returns a bytearray."""
    return bytes(pdf.output())
