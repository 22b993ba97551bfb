from io import BytesIO

from pypdf import PdfReader

from cnscd.pdfs import document, rendered


def test_vietnamese_text_survives_into_the_pdf():
    pdf = document("Danh sách ký nhận")
    pdf.add_page()
    pdf.cell(text="Tổ công nghệ số cộng đồng thôn Đồng Tâm — Ký nhận")
    pdf.set_font(style="B")
    pdf.cell(text="Ba triệu đồng")

    reader = PdfReader(BytesIO(rendered(pdf)))

    text = reader.pages[0].extract_text()
    assert "Tổ công nghệ số cộng đồng thôn Đồng Tâm" in text
    assert "Ba triệu đồng" in text
    assert reader.metadata.title == "Danh sách ký nhận"
