"""The interface in two languages, without GNU gettext.

The site is written in Vietnamese: every interface string in the templates and
the Python code is its own message id, and ``locale/en/LC_MESSAGES/django.po``
says it in English. Vietnamese is served at ``/``, English under ``/en/`` with
the same (Vietnamese) paths (``config/urls.py``).

Django's ``makemessages`` and ``compilemessages`` need GNU gettext's xgettext
and msgfmt, system tools a user's machine lacks. This module does their work in
pure Python:

- ``extract()`` reads the message ids from the templates (by parsing them with
  Django's own template engine, so a ``{% blocktranslate %}`` gives exactly the
  id it looks up when rendered) and from the Python code (``gettext``,
  ``gettext_lazy``, ``gettext_noop``, ``ngettext``, ``pgettext`` … with literal
  arguments, read with ``ast``);
- ``update_catalogue()`` adds the new ids to a language's .po file and drops
  the ones no longer used (``manage.py update_messages``);
- ``untranslated()`` lists the ids a catalogue does not translate (the tests
  fail on any);
- ``compile_all()`` writes the .mo files Django reads (``manage.py
  compile_translations``, run by ``make run`` and ``make test``).
"""

import ast
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Where interface strings live: the project's templates and these packages.
TEMPLATE_DIRS = [ROOT / "templates"]
PYTHON_PACKAGES = ["archive", "search", "alerts", "opendata", "config"]
# Staff pages stay Vietnamese (the admin, its overrides, management commands);
# tests and migrations hold no interface strings.
SKIPPED_PARTS = {"tests", "migrations", "management", "admin", "__pycache__"}
SKIPPED_PYTHON = {"admin.py", "admin_upload.py", "admin_conferences.py", "review.py"}
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

# Python callables that mark a string, and which arguments are (context, singular, plural).
_MARKERS = {
    "_": ("msgid",),
    "N_": ("msgid",),
    "gettext": ("msgid",),
    "gettext_lazy": ("msgid",),
    "gettext_noop": ("msgid",),
    "ngettext": ("msgid", "plural"),
    "ngettext_lazy": ("msgid", "plural"),
    "pgettext": ("context", "msgid"),
    "pgettext_lazy": ("context", "msgid"),
    "npgettext": ("context", "msgid", "plural"),
    "npgettext_lazy": ("context", "msgid", "plural"),
}


@dataclass
class Message:
    msgid: str
    plural: str = ""
    context: str = ""
    places: list = field(default_factory=list)

    @property
    def key(self):
        return (self.context, self.msgid)


def _add(found, msgid, plural="", context="", place=""):
    if not msgid:
        return
    message = found.setdefault((context, msgid), Message(msgid, plural, context))
    message.plural = message.plural or plural
    if place and place not in message.places:
        message.places.append(place)


# Reading the templates ---------------------------------------------------------------


def template_files():
    for directory in TEMPLATE_DIRS:
        for path in sorted(directory.rglob("*")):
            if path.is_file() and path.suffix in (".html", ".txt", ".xml"):
                yield path


def is_staff_template(path):
    """The admin's templates stay Vietnamese (Django's admin is not translated
    into English here either)."""
    return "admin" in path.relative_to(ROOT).parts[1:2]


def parse_template(path):
    from django.template import engines

    return engines["django"].engine.from_string(path.read_text(encoding="utf-8"))


def _literal(expression):
    """The literal string a template FilterExpression holds, else None."""
    from django.template.base import Variable

    if expression is None:
        return None
    var = expression.var
    if isinstance(var, Variable):
        return var.literal if isinstance(var.literal, str) else None
    return var if isinstance(var, str) else None


def _template_messages(found, path):
    from django.templatetags.i18n import BlockTranslateNode, TranslateNode

    nodelist = parse_template(path).nodelist
    place = str(path.relative_to(ROOT))
    # A literal's id is looked up with its "%" doubled (django.template.base.Variable).
    for node in nodelist.get_nodes_by_type(TranslateNode):
        msgid = _literal(node.filter_expression)
        if msgid is not None:
            context = str(_literal(node.message_context) or "")
            _add(found, str(msgid).replace("%", "%%"), context=context, place=place)
    for literal in _tag_literals(path, marked=True):
        _add(found, literal.replace("%", "%%"), place=place)
    for node in nodelist.get_nodes_by_type(BlockTranslateNode):
        singular, _vars = node.render_token_list(node.singular)
        plural = node.render_token_list(node.plural)[0] if node.plural else ""
        context = _literal(node.message_context) or ""
        _add(found, singular, plural, str(context), place)


_STRING = r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\''
_STRING_RE = re.compile(r"(_\(\s*)?(" + _STRING + r")")
_TRANSLATING_TAGS = {"translate", "trans", "blocktranslate", "blocktrans", "comment"}


def _tag_literals(path, marked):
    """String literals inside tags and variables, ``_("…")`` ones (marked) or
    the others (what a tag shows untranslated, e.g. ``default:"…"``)."""
    from django.template.base import Lexer, TokenType
    from django.utils.text import unescape_string_literal

    for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
        if token.token_type not in (TokenType.BLOCK, TokenType.VAR):
            continue
        if token.token_type == TokenType.BLOCK and token.split_contents()[0] in _TRANSLATING_TAGS:
            continue
        for match in _STRING_RE.finditer(token.contents):
            if bool(match.group(1)) == marked:
                yield unescape_string_literal(match.group(2))


def untranslatable_text(path):
    """What a template shows exactly as written in every language: its text
    outside any tag, and string literals in tags not marked ``_("…")``."""
    return "\n".join([template_text(path), *_tag_literals(path, marked=False)])


def template_text(path):
    """The text a template shows as written, outside any tag: what would stay
    Vietnamese in every language (the tests look for letters in it)."""
    from django.template.base import TextNode

    nodelist = parse_template(path).nodelist
    return "".join(node.s for node in nodelist.get_nodes_by_type(TextNode))


# Reading the Python code -------------------------------------------------------------


def python_files():
    for package in PYTHON_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = set(path.relative_to(ROOT).parts)
            if parts & SKIPPED_PARTS or path.name in SKIPPED_PYTHON:
                continue
            yield path


def _marker_name(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def marked_calls(tree):
    """(call node, {role: string}) for every marking call with literal arguments."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        roles = _MARKERS.get(_marker_name(node.func))
        if not roles or len(node.args) < len(roles):
            continue
        args = node.args[: len(roles)]
        if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
            yield node, {role: arg.value for role, arg in zip(roles, args, strict=True)}


def _python_messages(found, path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    place = str(path.relative_to(ROOT))
    for node, strings in marked_calls(tree):
        _add(
            found,
            strings["msgid"],
            strings.get("plural", ""),
            strings.get("context", ""),
            f"{place}:{node.lineno}",
        )


def extract():
    """{(context, msgid): Message} for every interface string of the project."""
    found = {}
    for path in template_files():
        if not is_staff_template(path):
            _template_messages(found, path)
    for path in python_files():
        _python_messages(found, path)
    return found


# The catalogues ----------------------------------------------------------------------


def catalogue_path(language, locale_dir=None):
    return Path(locale_dir or settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def _header(language):
    plural = "nplurals=1; plural=0;" if language == "vi" else "nplurals=2; plural=(n != 1);"
    return {
        "Project-Id-Version": "kho-luu-tru",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural,
    }


def load_catalogue(language, locale_dir=None):
    path = catalogue_path(language, locale_dir)
    if path.exists():
        return polib.pofile(str(path), wrapwidth=100)
    catalogue = polib.POFile(wrapwidth=100)
    catalogue.metadata = _header(language)
    return catalogue


def _entry_key(entry):
    return (entry.msgctxt or "", entry.msgid)


def update_catalogue(language, messages=None, locale_dir=None):
    """Bring a language's catalogue in line with the code: new ids added
    untranslated, ids no longer used removed, places refreshed. Returns
    (added, removed) counts; the file is written only when something changed."""
    messages = extract() if messages is None else messages
    catalogue = load_catalogue(language, locale_dir)
    before = str(catalogue)
    existing = {_entry_key(e): e for e in catalogue}
    added = removed = 0
    for entry in list(catalogue):
        if _entry_key(entry) not in messages:
            catalogue.remove(entry)
            removed += 1
    for key, message in messages.items():
        entry = existing.get(key)
        if entry is None:
            entry = polib.POEntry(msgid=message.msgid, msgctxt=message.context or None)
            if message.plural:
                entry.msgid_plural = message.plural
                entry.msgstr_plural = {0: "", 1: ""}
            catalogue.append(entry)
            added += 1
        elif message.plural and not entry.msgid_plural:
            entry.msgid_plural = message.plural
            entry.msgstr_plural = {0: entry.msgstr, 1: entry.msgstr}
            entry.msgstr = ""
        entry.occurrences = [(place, "") for place in message.places[:4]]
    if str(catalogue) != before or not catalogue_path(language, locale_dir).exists():
        path = catalogue_path(language, locale_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalogue.save(str(path))
    return added, removed


def _translated(entry):
    if "fuzzy" in entry.flags or entry.obsolete:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def untranslated(language, messages=None, locale_dir=None):
    """The Messages the language's catalogue lacks or leaves empty (or fuzzy)."""
    messages = extract() if messages is None else messages
    catalogue = load_catalogue(language, locale_dir)
    done = {_entry_key(e) for e in catalogue if _translated(e)}
    return [m for key, m in sorted(messages.items()) if key not in done]


def compile_all(locale_dirs=None):
    """Write a .mo beside every .po under the locale directories that is newer
    than its .mo (atomically: parallel test processes may compile at once).
    Returns the .mo paths written."""
    written = []
    for locale_dir in locale_dirs or settings.LOCALE_PATHS:
        for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            fd, tmp = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
            os.close(fd)
            polib.pofile(str(po_path)).save_as_mofile(tmp)
            os.replace(tmp, mo_path)
            written.append(mo_path)
    return written


# Addresses in each language ----------------------------------------------------------


def split_language(path):
    """("en", "/bai/") for "/en/bai/"; (default language, path) for any other."""
    for code in TRANSLATED:
        prefix = f"/{code}/"
        if path.startswith(prefix) or path == prefix[:-1]:
            return code, "/" + path[len(prefix) :]
    return settings.LANGUAGE_CODE, path


def path_in(language, path):
    """The same page's path in another language: "/en/bai/" ↔ "/bai/"."""
    _current, bare = split_language(path)
    return bare if language == settings.LANGUAGE_CODE else f"/{language}{bare}"
