"""How an extract's bytes become text. Forces send what their systems and Excel write: UTF-8
(with or without a byte order mark), and Windows-1252 from "Save as CSV" in Excel. Anything else
is refused naming the line and byte, never decoded with replacement characters: "Zo\ufffd" stored
on a child's record is a name nobody will ever find again."""

import re
from dataclasses import dataclass

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# A UTF-8 multi-byte sequence: its presence beside an invalid byte means a file of mixed encodings.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Windows-1252 letters that are symbols in it but letters in its neighbours (Windows-1250 for
# Polish and Czech, 1257 for Baltic): ł is ³ and ą is ¹ in 1252. One inside a word means the file
# was written in another code page, and decoding it as 1252 would misspell every such name.
_SYMBOLS_IN_WORDS = re.compile(
    r"(?<=[^\W\d_])[¹²³¼½¾¤¦§¨ª¯°±´µ¶·¸º¿×÷]|[¹²³¼½¾¤¦§¨ª¯°±´µ¶·¸º¿×÷](?=[^\W\d_])"
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-8 with BOM", "utf-16", "windows-1252"


class Undecodable(ValueError):
    """The file cannot be read as UTF-8 or Windows-1252; says where and what to do."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _text_line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _checked(text: str, encoding: str) -> Decoded:
    replacement = text.find("\ufffd")
    if replacement >= 0:
        raise Undecodable(
            _text_line_of(text, replacement),
            "holds a replacement character (\ufffd): the file was damaged by an earlier conversion;"
            " export it again from the source system",
        )
    return Decoded(text, encoding)


def decode(data: bytes) -> Decoded:
    if data.startswith(UTF8_BOM):
        try:
            return _checked(data[len(UTF8_BOM) :].decode("utf-8"), "utf-8 with BOM")
        except UnicodeDecodeError as problem:
            offset = problem.start + len(UTF8_BOM)
            raise Undecodable(
                _line_of(data, offset),
                f"byte {offset} (0x{data[offset]:02X}) is not UTF-8 although the file starts with"
                " a UTF-8 byte order mark; save it again as UTF-8",
            ) from None
    if data.startswith(UTF16_BOMS):
        try:
            return _checked(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            raise Undecodable(1, "starts as UTF-16 but does not decode as UTF-16; save it as UTF-8") from None
    if b"\x00" in data[:4096]:
        raise Undecodable(
            _line_of(data, data.index(b"\x00")),
            "holds NUL bytes: UTF-16 without a byte order mark? Save it as UTF-8",
        )
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as problem:
        first_bad = problem.start
    if _UTF8_SEQUENCE.search(data):
        raise Undecodable(
            _line_of(data, first_bad),
            f"byte {first_bad} (0x{data[first_bad]:02X}) is not UTF-8, yet other lines are UTF-8:"
            " the file mixes encodings; export it again as UTF-8",
        )
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as problem:
        raise Undecodable(
            _line_of(data, problem.start),
            f"byte {problem.start} (0x{data[problem.start]:02X}) is neither UTF-8 nor Windows-1252;"
            " save the file as UTF-8",
        ) from None
    suspicious = _SYMBOLS_IN_WORDS.search(text)
    if suspicious:
        raise Undecodable(
            _text_line_of(text, suspicious.start()),
            f"is not UTF-8, and read as Windows-1252 it puts {suspicious.group()!r} inside a word:"
            " it was probably written in another code page (e.g. Windows-1250); save it as UTF-8",
        )
    return _checked(text, "windows-1252")
