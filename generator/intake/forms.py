"""A submitted form's fields, from its body: URL-encoded or multipart, UTF-8 or refused.

Both encodings are read by the same rule: the fields are UTF-8 text, and a body that is
not (bytes that do not decode, another charset, a file) is refused whole, never guessed at.
Starlette's own multipart reader falls back to Latin-1 for bytes that are not UTF-8, which
would store mojibake where a URL-encoded form with the same bytes is refused; so multipart
bodies are read here, with python-multipart's parser and a strict decoder.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

MAX_FIELDS = 40
URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
UTF8 = ("utf-8", "utf8")


def parse_form(content_type: str, body: bytes) -> dict[str, str]:
    """The submitted fields (first value of each); ValueError (UnicodeDecodeError is one)
    if the body is not a form of UTF-8 fields."""
    kind, params = parse_options_header(content_type)
    charset = params.get(b"charset", b"utf-8").decode("latin-1").lower()
    if charset not in UTF8:
        raise ValueError(f"charset {charset!r}: only UTF-8 is read")
    if kind.decode("latin-1").lower() == URLENCODED:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            max_num_fields=MAX_FIELDS,
            encoding="utf-8",
            errors="strict",
        )
    else:
        pairs = multipart_fields(params.get(b"boundary", b""), body)
    form: dict[str, str] = {}
    for key, value in pairs:
        form.setdefault(key, value)
    return form


def multipart_fields(boundary: bytes, body: bytes) -> list[tuple[str, str]]:
    """The (name, value) of every part of a ``multipart/form-data`` body, decoded strictly."""
    if not boundary:
        raise ValueError("no multipart boundary")
    fields: list[tuple[str, str]] = []
    part: dict[str, bytearray] = {}

    def begin() -> None:
        part.clear()
        part.update(header=bytearray(), value=bytearray(), name=bytearray(),
                    disposition=bytearray())

    def header_field(data: bytes, start: int, end: int) -> None:
        part["header"] += data[start:end]

    def header_value(data: bytes, start: int, end: int) -> None:
        if part["header"].lower() == b"content-disposition":
            part["disposition"] += data[start:end]

    def header_end() -> None:
        part["header"] = bytearray()

    def data(chunk: bytes, start: int, end: int) -> None:
        part["value"] += chunk[start:end]

    def end() -> None:
        _, options = parse_options_header(bytes(part["disposition"]))
        if b"name" not in options:
            raise ValueError("a part without a name")
        if b"filename" in options:
            raise ValueError("a file, where only text fields are taken")
        if len(fields) >= MAX_FIELDS:
            raise ValueError("too many fields")
        fields.append((options[b"name"].decode("utf-8"), part["value"].decode("utf-8")))

    parser = MultipartParser(boundary, {
        "on_part_begin": begin, "on_header_field": header_field,
        "on_header_value": header_value, "on_header_end": header_end,
        "on_part_data": data, "on_part_end": end,
    })
    try:
        parser.write(body)
        parser.finalize()
    except FormParserError as exc:
        raise ValueError(str(exc)) from exc
    return fields
