"""The message catalogs of the cchc package (gettext, with Babel): docs/i18n.md.

    python scripts/catalogs.py update         extract the messages of python/cchc and merge them
                                              into every catalog (new English entries are filled
                                              with their msgid; new Vietnamese ones are left empty
                                              for you to translate); drops messages no longer used
    python scripts/catalogs.py check          exit 1, listing each problem, unless every message
                                              of the code has a translation in every catalog
    python scripts/catalogs.py compile OUT    compile each .po to OUT/<lang>/LC_MESSAGES/cchc.mo
                                              (the build does this: bindings/CMakeLists.txt)

The sources are python/cchc/locale/<lang>/LC_MESSAGES/cchc.po. They are written sorted by msgid
and without line numbers, so that two branches adding messages rarely touch the same lines.
"""

from __future__ import annotations

import ast
import datetime
import io
import os
import re
import sys
from collections.abc import Iterable

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "python", "cchc")
LOCALE = os.path.join(PACKAGE, "locale")
DOMAIN = "cchc"
LANGUAGES = ("vi", "en")
#: Headers carry a fixed date: the history of a catalog is git's, and a date that changes on
#: every update would make every branch's catalog conflict with every other's.
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
WIDTH = 100
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:[:!][^{}]*)?\}(?!\})")


def po_path(lang: str) -> str:
    """The .po source of `lang`."""
    return os.path.join(LOCALE, lang, "LC_MESSAGES", DOMAIN + ".po")


def extract() -> Catalog:
    """Every message of the package's code (``_``, ``gettext``, ``ngettext``, ``pgettext``,
    ``N_``), as a template catalog."""
    template = Catalog(domain=DOMAIN, project="libcchc", creation_date=FIXED_DATE,
                       revision_date=FIXED_DATE, fuzzy=False)
    messages = extract_from_dir(PACKAGE, method_map=[("**.py", "python")],
                                keywords=DEFAULT_KEYWORDS, comment_tags=("Translators:",),
                                strip_comment_tags=True)
    for filename, lineno, message, comments, context in messages:
        template.add(message, None, [(f"python/cchc/{filename}", lineno)],
                     auto_comments=comments, context=context)
    for path, lineno, message in engine_error_templates():
        template.add(message, None, [(path, lineno)])
    return template


ENGINE_ERRORS = os.path.join(ROOT, "libcchc", "include", "cchc", "detail", "errors")
#: One entry of a table of engine error codes: {"code", "English" "template"}.
_ENTRY = re.compile(r'\{\s*"([a-z0-9_.]+)",\s*((?:"(?:[^"\\\n]|\\.)*"\s*)+)\}')
_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def engine_error_templates() -> list[tuple[str, int, str]]:
    """(file, line, English template) of every code in the engine's error tables
    (libcchc/include/cchc/detail/errors/*.hpp): the engine writes its errors' English from
    them, and cchc.messages translates them with these msgids."""
    found = []
    for name in sorted(os.listdir(ENGINE_ERRORS)):
        if not name.endswith(".hpp"):
            continue
        path = os.path.join(ENGINE_ERRORS, name)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        start = text.find("ErrorTemplate k")  # the tables, not the comments above them
        for entry in _ENTRY.finditer(text, max(start, 0)):
            english = "".join(ast.literal_eval('"' + literal + '"')
                              for literal in _LITERAL.findall(entry.group(2)))
            lineno = text.count("\n", 0, entry.start()) + 1
            found.append((os.path.relpath(path, ROOT), lineno, english))
    return found


def load(lang: str) -> Catalog:
    """The catalog of `lang` as committed."""
    with open(po_path(lang), "rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


_NAMES = {"vi": "Vietnamese", "en": "English"}


def _write(catalog: Catalog, path: str) -> None:
    lang = str(catalog.locale)
    catalog.header_comment = (
        f"# {_NAMES.get(lang, lang)} messages of the cchc package (libcchc).\n"
        "# Edit the msgstr lines; `python scripts/catalogs.py update` adds and removes the msgids\n"
        "# from the code (docs/i18n.md).")
    catalog.project = "libcchc"
    catalog.version = ""
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "libcchc developers"
    catalog.language_team = f"{_NAMES.get(lang, lang)} (libcchc)"
    catalog.creation_date = FIXED_DATE
    catalog.revision_date = FIXED_DATE
    catalog.fuzzy = False
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, sort_output=True, ignore_obsolete=True,
             include_previous=False, include_lineno=False)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(buffer.getvalue())


def _empty(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return any(not text for text in strings)


def update() -> None:
    """Merges the code's messages into every catalog."""
    template = extract()
    for lang in LANGUAGES:
        path = po_path(lang)
        if os.path.exists(path):
            catalog = load(lang)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, project="libcchc")
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        for message in catalog:
            if not message.id:
                continue
            message.flags.discard("fuzzy")
            if lang == "en" and _empty(message):
                message.string = message.id  # the msgids are the English text
        _write(catalog, path)
        untranslated = sum(1 for message in catalog if message.id and _empty(message))
        print(f"{os.path.relpath(path, ROOT)}: {len(catalog)} messages, "
              f"{untranslated} to translate")


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a message."""
    return set(_PLACEHOLDER.findall(text))


def _strings(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return [""]
    return [value] if isinstance(value, str) else list(value)


_GETTEXT_NAMES = frozenset(DEFAULT_KEYWORDS)


def hidden_messages() -> list[str]:
    """Calls of ``_()`` & co. that the extractor cannot see: inside an f-string (Python before
    3.12 reads an f-string as one token), or with a text that is not a literal."""
    found = []
    for directory, _folders, files in os.walk(PACKAGE):
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(directory, name)
            with open(path, encoding="utf-8") as handle:
                tree = ast.parse(handle.read(), path)
            where = os.path.relpath(path, ROOT)
            for node in ast.walk(tree):
                if isinstance(node, ast.JoinedStr):
                    for inner in ast.walk(node):
                        if _is_gettext_call(inner):
                            found.append(f"{where}:{inner.lineno}: a message inside an f-string "
                                         "is not extracted; build the text outside it")
                elif _is_gettext_call(node) and not _literal_arguments(node):
                    found.append(f"{where}:{node.lineno}: the message is not a string literal")
    return found


def _is_gettext_call(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in _GETTEXT_NAMES)


def _literal_arguments(call: ast.Call) -> bool:
    name = call.func.id if isinstance(call.func, ast.Name) else ""
    texts = {"ngettext": 2, "pgettext": 2, "npgettext": 3}.get(name, 1)
    return all(isinstance(argument, ast.Constant) and isinstance(argument.value, str)
               for argument in call.args[:texts])


def problems() -> list[str]:
    """What keeps the catalogs from matching the code: messages the extractor cannot see,
    missing, untranslated, fuzzy, unused messages and translations whose {placeholders}
    differ from the msgid's."""
    template = extract()
    wanted = {(message.context, message.id if isinstance(message.id, str) else message.id[0])
              for message in template if message.id}
    found: list[str] = hidden_messages()
    for lang in LANGUAGES:
        path = os.path.relpath(po_path(lang), ROOT)
        if not os.path.exists(po_path(lang)):
            found.append(f"{path}: missing (python scripts/catalogs.py update)")
            continue
        catalog = load(lang)
        have = set()
        for message in catalog:
            if not message.id:
                continue
            singular = message.id if isinstance(message.id, str) else message.id[0]
            key = (message.context, singular)
            have.add(key)
            label = f"{path}: {singular!r}" + (f" (context {message.context})"
                                              if message.context else "")
            if key not in wanted:
                found.append(f"{label}: not used by the code any more")
            if message.fuzzy:
                found.append(f"{label}: marked fuzzy")
            if _empty(message):
                found.append(f"{label}: no translation")
                continue
            expected = set().union(*(placeholders(text) for text in _strings(message.id)))
            for text in _strings(message.string):
                if placeholders(text) != expected:
                    found.append(f"{label}: placeholders {sorted(placeholders(text))} in "
                                 f"{text!r}, expected {sorted(expected)}")
        for context, singular in sorted(wanted - have, key=lambda key: (key[0] or "", key[1])):
            found.append(f"{path}: {singular!r} is not in the catalog "
                         "(python scripts/catalogs.py update)")
    return found


def compile_catalogs(out: str) -> list[str]:
    """Writes OUT/<lang>/LC_MESSAGES/cchc.mo for each language; returns the paths."""
    written = []
    for lang in LANGUAGES:
        catalog = load(lang)
        target = os.path.join(out, lang, "LC_MESSAGES", DOMAIN + ".mo")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        temporary = target + ".tmp"
        with open(temporary, "wb") as handle:
            handle.write(buffer.getvalue())
        os.replace(temporary, target)
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    """The command line above."""
    if argv[:1] == ["update"] and len(argv) == 1:
        update()
        return 0
    if argv[:1] == ["check"] and len(argv) == 1:
        found = problems()
        for problem in found:
            print(problem, file=sys.stderr)
        print(f"{len(found)} problem(s)" if found else "catalogs complete")
        return 1 if found else 0
    if argv[:1] == ["compile"] and len(argv) == 2:
        for path in compile_catalogs(argv[1]):
            print(path)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
