"""Keeping translations: extract messages, update the .po catalogues, compile them to .mo.

    noaber translations update [COMPONENT]     # then translate the new entries in the .po
    noaber translations compile [COMPONENT]

A component is ``core`` or a plugin with a ``translations/`` folder; the commands are in
:mod:`core.cli.translations`. Compiled ``.mo``
files are committed, so an installed noaber needs no build step; a test checks that
they match the ``.po`` files and that every message has a Dutch translation.
"""
from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
METHODS = [("**/translations/**", "ignore"), ("**/migrations/**", "ignore"),
           ("**/templates/**.html", "jinja2"), ("**/templates/**.txt", "jinja2"), ("**.py", "python")]
#: the catalogues kept; English needs none, as the messages themselves are English
LANGUAGES = ("nl",)


def component_dirs(plugins) -> dict[str, Path]:
    """Where core's and each installed plugin's messages are, by component name."""
    dirs = {"core": Path(__file__).parent.parent}
    for name, info in plugins.info.items():
        if info.translations_dir is not None:
            dirs[name] = info.folder
    return dirs


def extract(folder: Path) -> Catalog:
    catalog = Catalog(project="noaber", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(folder), METHODS, keywords=KEYWORDS,
            options_map={"**/templates/**": {"extensions": "jinja2.ext.i18n"}}):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(folder: Path, language: str) -> Path:
    return folder / "translations" / language / "LC_MESSAGES" / "messages.po"


def load_po(path: Path, language: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=language, project="noaber", charset="utf-8")
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def update(folder: Path, language: str) -> Catalog:
    catalog = load_po(po_path(folder, language), language)
    catalog.update(extract(folder), no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()  # removed messages go: the .po is not an archive
    path = po_path(folder, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, no_location=True, sort_output=True)
    return catalog


def compiled(folder: Path, language: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, load_po(po_path(folder, language), language), use_fuzzy=False)
    return buffer.getvalue()


def compile_catalogue(folder: Path, language: str) -> Path:
    target = po_path(folder, language).with_suffix(".mo")
    target.write_bytes(compiled(folder, language))
    return target
