"""`.docx` files shaped the way LibreOffice Writer saves them ("Word 2007-365 (.docx)").

LibreOffice is not installed on the machine that built this corpus, so these files are written
as OOXML by hand (zipfile + XML) in LibreOffice's shape, from the same block spec as
`generate.py`:
- its package: `docProps/app.xml` naming LibreOffice, `word/settings.xml`, `fontTable.xml`,
  a footer with a PAGE field, no content controls (`w:sdt`), no theme;
- its body: every paragraph carries `w:pPr` with `w:pStyle`/`w:bidi`/`w:jc` and an empty
  paragraph-mark `w:rPr`; text is split into many runs, at every formatting change and in
  the middle of words (spell-check and autocorrect leave runs like "Tr" + "ần Di" + "ệu Lan"),
  each with its own `w:rPr` (fonts, `w:lang`, `w:b`); leading/trailing spaces in
  `xml:space="preserve"` runs; "\n" inside a paragraph is a soft break `<w:br/>`;
- fields: a day of the month written as a DATE field's result (begin / instrText / separate /
  result / end), and a bookmark around the title;
- tables: `w:tblPr` with fixed layout and cell margins, `w:tblGrid`/`w:gridCol`, `w:tcW` per
  cell, `<w:tblHeader/>` on the first row of data tables (repeated on every page when the
  table is split across pages); ("table", rows, k) retypes the header row before data row k,
  as offices do when they paste a table continued from the previous page;
- pictures: "[img]" in a cell is an inline `w:drawing` (a scanned signature), `r:embed` to
  `word/media/imageN.png`.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

NS = ('xmlns:o="urn:schemas-microsoft-com:office:office" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:w10="urn:schemas-microsoft-com:office:word" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
      'mc:Ignorable="w14 wp14"')
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
FONT = ('<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
        'w:cs="Times New Roman"/>')
_DAY = re.compile(r"(ngày )(\d{1,2})( tháng)")
PAGE_WIDTH = 9638


def _png() -> bytes:
    width = height = 8
    raw = b"".join(b"\x00" + b"\x40" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    head = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


class _Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.images = 0
        self.bookmarks = 0

    # runs ---------------------------------------------------------------------------------
    def _rpr(self, bold: bool) -> str:
        lang = self.rng.choice(('<w:lang w:val="vi-VN"/>', '<w:lang w:val="en-US"/>', ""))
        size = self.rng.choice(('<w:sz w:val="26"/><w:szCs w:val="26"/>',
                                '<w:sz w:val="28"/><w:szCs w:val="28"/>'))
        return f"<w:rPr>{FONT}{'<w:b/><w:bCs/>' if bold else ''}{size}{lang}</w:rPr>"

    def _text_runs(self, text: str, bold: bool) -> str:
        """`text` as several runs cut at random places, mid-word included."""
        out: list[str] = []
        start = 0
        while start < len(text):
            end = min(len(text), start + self.rng.randint(2, 9))
            piece = escape(text[start:end])
            space = ' xml:space="preserve"' if piece != piece.strip() else ""
            out.append(f"<w:r>{self._rpr(bold)}<w:t{space}>{piece}</w:t></w:r>")
            start = end
        return "".join(out)

    def _field(self, instruction: str, result: str, bold: bool) -> str:
        rpr = self._rpr(bold)
        return (f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r>{rpr}<w:instrText xml:space="preserve"> {escape(instruction)} '
                f'</w:instrText></w:r>'
                f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
                f"<w:r>{rpr}<w:t>{escape(result)}</w:t></w:r>"
                f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>')

    def _line_runs(self, line: str, bold: bool) -> str:
        """One line: the day of a "ngày 15 tháng" date as a DATE field's result."""
        match = _DAY.search(line)
        if not match:
            return self._text_runs(line, bold)
        return (self._text_runs(line[: match.end(1)], bold)
                + self._field('DATE \\@ "dd"', match.group(2), bold)
                + self._text_runs(line[match.start(3):], bold))

    def _image(self) -> str:
        self.images += 1
        rid = f"rIdImg{self.images}"
        return (f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
                f'<wp:extent cx="720000" cy="360000"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
                f'<wp:docPr id="{self.images}" name="Image{self.images}" descr=""/>'
                f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{A_NS}" '
                f'noChangeAspect="1"/></wp:cNvGraphicFramePr>'
                f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{PIC_NS}">'
                f'<pic:pic xmlns:pic="{PIC_NS}"><pic:nvPicPr><pic:cNvPr id="{self.images}" '
                f'name="Image{self.images}" descr=""/><pic:cNvPicPr/></pic:nvPicPr>'
                f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
                f'</pic:blipFill><pic:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0"/>'
                f'<a:ext cx="720000" cy="360000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
                f"</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
                f"</w:drawing></w:r>")

    # paragraphs ---------------------------------------------------------------------------
    def paragraph(self, text: str, centre: bool = False, bold: bool = False) -> str:
        """A paragraph; "\n" inside is a soft break, "[img]" a picture on its own line."""
        jc = '<w:jc w:val="center"/>' if centre else '<w:jc w:val="both"/>'
        body: list[str] = []
        for index, line in enumerate(text.split("\n")):
            if index:
                body.append("<w:r><w:br/></w:r>")
            body.append(self._image() if line == "[img]" else self._line_runs(line, bold))
        inner = "".join(body)
        if bold and centre and self.rng.random() < 0.5:
            self.bookmarks += 1
            inner = (f'<w:bookmarkStart w:id="{self.bookmarks}" w:name="_GoBack"/>{inner}'
                     f'<w:bookmarkEnd w:id="{self.bookmarks}"/>')
        return (f'<w:p><w:pPr><w:pStyle w:val="Normal"/><w:bidi w:val="0"/>{jc}'
                f"<w:rPr></w:rPr></w:pPr>{inner}</w:p>")

    # tables -------------------------------------------------------------------------------
    def table(self, rows: list[list[str]], borders: bool, header_row: bool,
              repeat_at: int | None = None) -> str:
        columns = max(len(r) for r in rows)
        width = PAGE_WIDTH // columns
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(columns))
        border = ('<w:tcBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  '<w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  '<w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  "</w:tcBorders>") if borders else ""
        out = [f'<w:tbl><w:tblPr><w:tblW w:w="{width * columns}" w:type="dxa"/>'
               '<w:jc w:val="left"/><w:tblInd w:w="0" w:type="dxa"/>'
               '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="55" w:type="dxa"/>'
               '<w:left w:w="55" w:type="dxa"/><w:bottom w:w="55" w:type="dxa"/>'
               '<w:right w:w="55" w:type="dxa"/></w:tblCellMar></w:tblPr>'
               f"<w:tblGrid>{grid}</w:tblGrid>"]
        body = list(rows)
        if repeat_at is not None:
            body.insert(repeat_at + 1, rows[0])
        for index, row in enumerate(body):
            head = "<w:trPr><w:tblHeader/></w:trPr>" if header_row and index == 0 else ""
            cells = "".join(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{border}</w:tcPr>'
                f"{self.cell(str(value), bold=header_row and row is rows[0])}</w:tc>"
                for value in row)
            out.append(f"<w:tr>{head}{cells}</w:tr>")
        out.append("</w:tbl>")
        return "".join(out)

    def cell(self, text: str, bold: bool = False) -> str:
        """A cell's lines, one paragraph each (LibreOffice: Enter), pictures inline."""
        lines = text.split("\n") if text else [""]
        return "".join(self.paragraph(line, centre=True, bold=bold) for line in lines)


def _body(blocks: list[object], writer: _Writer) -> str:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            title = block.isupper() or block.startswith(("TỜ TRÌNH", "BIÊN BẢN", "BÁO CÁO"))
            parts.append(writer.paragraph(block, centre=title, bold=title))
            continue
        assert isinstance(block, tuple)
        if block[0] == "two":
            parts.append(writer.table([[block[1], block[2]]], borders=False, header_row=False))
        elif block[0] == "table":
            repeat_at = block[2] if len(block) > 2 else None
            parts.append(writer.table([[str(v) for v in r] for r in block[1]], borders=True,
                                      header_row=True, repeat_at=repeat_at))
        elif block[0] == "page":
            parts.append('<w:p><w:pPr><w:pStyle w:val="Normal"/><w:rPr></w:rPr></w:pPr>'
                         '<w:r><w:br w:type="page"/></w:r></w:p>')
    return "".join(parts)


def build_lo_docx(blocks: list[object], seed: int = 0) -> bytes:
    writer = _Writer(seed)
    body = _body(blocks, writer)
    section = ('<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/>'
               '<w:type w:val="nextPage"/><w:pgSz w:w="11906" w:h="16838"/>'
               '<w:pgMar w:left="1701" w:right="1134" w:gutter="0" w:header="0" w:top="1134" '
               'w:footer="567" w:bottom="1134"/><w:pgNumType w:fmt="decimal"/>'
               '<w:formProt w:val="false"/><w:textDirection w:val="lrTb"/>'
               '<w:docGrid w:type="default" w:linePitch="100" w:charSpace="0"/></w:sectPr>')
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NS}>'
                f"<w:body>{body}{section}</w:body></w:document>")
    footer = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {NS}>'
              f"{writer.paragraph('Trang ', centre=True)[:-6]}"
              f"{writer._field('PAGE', '1', False)}</w:p></w:ftr>")
    image_rels = "".join(
        f'<Relationship Id="rIdImg{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/image" Target="media/image{i}.png"/>'
        for i in range(1, writer.images + 1))
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="xml" ContentType="application/'
            'xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="png" ContentType="image/png"/><Override '
            'PartName="/_rels/.rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Override PartName="/docProps/app.xml" ContentType="application'
            '/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/'
            'docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-'
            'properties+xml"/><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override '
            'PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml"'
            ' ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override '
            'PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.footer+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
            'Target="docProps/core.xml"/><Relationship Id="rId2" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="'
            'docProps/app.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"),
        "docProps/app.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://'
            'schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template>'
            "</Template><TotalTime>4</TotalTime><Application>LibreOffice/7.6.4.1$Linux_X86_64 "
            "LibreOffice_project/e19e193f88cd6c0525a17fb7a176ed8e6a3e2aa1</Application>"
            "<AppVersion>15.0000</AppVersion><Pages>1</Pages></Properties>"),
        "docProps/core.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dcterms:created '
            'xsi:type="dcterms:W3CDTF">2026-01-08T08:12:00Z</dcterms:created><dc:language>vi-VN'
            "</dc:language><cp:revision>3</cp:revision></cp:coreProperties>"),
        "word/_rels/document.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/'
            f'styles" Target="styles.xml"/><Relationship Id="rId2" Type="{rel}/fontTable" '
            f'Target="fontTable.xml"/><Relationship Id="rId3" Type="{rel}/settings" Target="'
            f'settings.xml"/><Relationship Id="rIdFooter" Type="{rel}/footer" Target="footer1.xml"'
            f"/>{image_rels}</Relationships>"),
        "word/document.xml": document,
        "word/footer1.xml": footer,
        "word/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {NS}>'
            f'<w:docDefaults><w:rPrDefault><w:rPr>{FONT}<w:kern w:val="2"/>'
            '<w:sz w:val="26"/><w:szCs w:val="26"/><w:lang w:val="vi-VN" w:eastAsia="zh-CN" '
            'w:bidi="hi-IN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:suppressAutoHyphens'
            ' w:val="true"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" '
            'w:styleId="Normal" w:default="1"><w:name w:val="Normal"/><w:qFormat/><w:pPr>'
            '<w:widowControl/><w:bidi w:val="0"/></w:pPr><w:rPr/></w:style><w:style w:type="'
            'paragraph" w:styleId="TableContents"><w:name w:val="Table Contents"/><w:basedOn '
            'w:val="Normal"/><w:qFormat/></w:style></w:styles>'),
        "word/settings.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings {NS}>'
            '<w:zoom w:percent="100"/><w:defaultTabStop w:val="709"/><w:autoHyphenation '
            'w:val="true"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://'
            'schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="'
            'vi-VN" w:eastAsia="" w:bidi=""/></w:settings>'),
        "word/fontTable.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {NS}><w:font '
            'w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch '
            'w:val="variable"/></w:font></w:fonts>'),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
        for index in range(1, writer.images + 1):
            archive.writestr(f"word/media/image{index}.png", _png())
    return out.getvalue()
