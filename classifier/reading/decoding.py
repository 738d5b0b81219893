"""Decode text files: UTF-8, UTF-8 with BOM, GB18030/GBK, or UTF-16 with BOM; reject junk.

``decode_text(data, path) -> (text, encoding)``. The encoding names returned are
``"utf-8"``, ``"utf-8-sig"`` (a BOM was present), ``"gb18030"`` (which covers
GBK and GB2312) and ``"utf-16"`` (Word's "Unicode text", recognised by its BOM). Line endings are normalised to ``\\n``. Raises
:class:`~classifier.core.errors.ReadError` with a one-line message for empty or binary
files and for bytes that decode in neither encoding.
"""
from __future__ import annotations

import unicodedata

from classifier.core.errors import ReadError

#: Share of control characters (other than TAB, LF, CR, FF) above which text is junk.
MAX_CONTROL_SHARE = 0.01


def decode_text(data: bytes, path: object) -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of a text file named ``path``."""
    if not data.strip():
        raise ReadError(path, "空文件")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Word's "Unicode text" export
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError(path, "无法解码文本：有 UTF-16 字节顺序标记，内容却不是有效的 UTF-16") from None
        if not text.strip():
            raise ReadError(path, "空文件")
        return _check_controls(text, path), "utf-16"
    if b"\x00" in data:
        raise ReadError(path, "二进制数据，不是文本文件（含 NUL 字节）")
    text = None
    encoding = None
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    if text is None:
        for candidate in ("utf-8", "gb18030"):
            try:
                text, encoding = data.decode(candidate), candidate
                break
            except UnicodeDecodeError:
                continue
    if text is None:
        raise ReadError(path, "无法按 UTF-8 或 GB18030/GBK 解码文本")
    return _check_controls(text, path), encoding


def _check_controls(text: str, path: object) -> str:
    """Reject text with many control characters; normalise line endings to ``\\n``."""
    controls = sum(
        1 for ch in text if ch not in "\t\n\r\f" and unicodedata.category(ch) == "Cc"
    )
    if controls > max(2, MAX_CONTROL_SHARE * len(text)):
        raise ReadError(path, f"二进制数据，不是文本文件（含 {controls} 个控制字符）")
    return text.replace("\r\n", "\n").replace("\r", "\n")
