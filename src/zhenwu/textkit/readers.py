"""Read a report (.txt in UTF-8/GBK/GB18030, .docx, .pdf) into plain text, refusing bad input with a clear message."""

from __future__ import annotations

import io
import logging
import os
import zipfile

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
SUPPORTED = (".txt", ".docx", ".pdf")


class DocumentError(ValueError):
    """The input cannot be read as a report; str(error) is a one-line Chinese message for the user."""


def read_document(path_or_bytes: str | os.PathLike | bytes, filename: str | None = None) -> str:
    """Text of a .txt/.docx/.pdf given as a path or as bytes (then `filename` tells the type; default .txt)."""
    if isinstance(path_or_bytes, (bytes, bytearray)):
        data = bytes(path_or_bytes)
        name = filename or "input.txt"
    else:
        name = filename or os.fspath(path_or_bytes)
        try:
            with open(path_or_bytes, "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            raise DocumentError(f"找不到文件：{os.fspath(path_or_bytes)}") from None
        except IsADirectoryError:
            raise DocumentError(f"这是一个目录，不是文件：{os.fspath(path_or_bytes)}") from None
        except OSError as exc:
            raise DocumentError(f"无法读取文件：{os.fspath(path_or_bytes)}（{exc.strerror or exc}）") from None

    ext = os.path.splitext(name)[1].lower() or ".txt"
    if ext not in SUPPORTED:
        raise DocumentError(f"不支持的文件类型“{ext}”，只支持 .txt、.docx、.pdf")
    if not data.strip():
        raise DocumentError("文件是空的")
    reader = {".txt": _read_txt, ".docx": _read_docx, ".pdf": _read_pdf}[ext]
    text = reader(data)
    if not text.strip():
        raise DocumentError("文件中没有可读取的文字")
    return text


def _read_txt(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError("这是二进制文件，不是文本文件")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "gbk", "utf_16", "big5"]).best() or from_bytes(data).best()
    if best is None:
        raise DocumentError("无法识别文件编码，可能是二进制文件")
    text = str(best)
    if _looks_binary(text):
        raise DocumentError("这是二进制文件，不是文本文件")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f")
    return controls > len(sample) * 0.05


def _check_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise DocumentError("Word 文件已损坏，无法打开（不是有效的 .docx）") from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
        raise DocumentError(f"Word 文件解压后过大（{total // (1024 * 1024)} MB），疑似压缩炸弹，已拒绝")
    if "word/document.xml" not in {i.filename for i in infos}:
        raise DocumentError("Word 文件已损坏，缺少正文（不是有效的 .docx）")
    return archive


def _read_docx(data: bytes) -> str:
    _check_zip(data)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many types for broken packages
        raise DocumentError("Word 文件已损坏，无法打开（不是有效的 .docx）") from None
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iterchildren():
                        if cell.tag.endswith("}tc"):
                            cells.append("".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")))
                    lines.append("\t".join(cells))
    return "\n".join(lines)


def _read_pdf(data: bytes) -> str:
    if not data.lstrip().startswith(b"%PDF"):
        raise DocumentError("PDF 文件已损坏，无法打开（不是有效的 .pdf）")
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its warnings would spoil one-line CLI errors
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError("PDF 文件已加密，无法读取")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except DocumentError:
        raise
    except Exception:
        raise DocumentError("PDF 文件已损坏，无法打开（不是有效的 .pdf）") from None
