"""Vietnamese for the strings our pages take from Django and the libraries we install.

Django's own Vietnamese catalogue lacks its newer strings (the "- Select an option -" of every required
drop-down, the pagination and CSRF messages), django-filter, django-simple-history and django-axes ship none at
all, so those strings reach officials in English. `locale/libraries/vi/LC_MESSAGES/django.po` holds what the
libraries' own catalogues lack; LOCALE_PATHS puts it after the project's catalogue and before the libraries'.

    python manage.py library_messages          # add the libraries' new strings, drop the ones gone (then translate)
    python manage.py library_messages --check  # CI: fail when one of them has no Vietnamese
"""

from pathlib import Path

import django
import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

LANGUAGE = "vi"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "libraries" / LANGUAGE / "LC_MESSAGES" / "django.po"


def _library_locale_dirs() -> list[tuple[str, Path]]:
    """Django's own catalogue and every installed app's that is not ours (it lives outside the project)."""
    project = Path(settings.BASE_DIR).resolve()
    found = [("django", Path(django.__file__).parent / "conf" / "locale")]
    for app in apps.get_app_configs():
        path = Path(app.path).resolve()
        if path.is_relative_to(project) and "site-packages" not in path.parts:
            continue
        if (path / "locale").is_dir():
            found.append((app.name, path / "locale"))
    return found


def _key(entry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def missing_entries() -> dict[tuple[str | None, str], polib.POEntry]:
    """Every string a library can show that its own Vietnamese catalogue does not translate."""
    missing: dict[tuple[str | None, str], polib.POEntry] = {}
    for name, locale_dir in _library_locale_dirs():
        # The English strings are the msgids of any of its catalogues; take them all (some lack an `en` one).
        strings: dict[tuple[str | None, str], polib.POEntry] = {}
        for path in sorted(locale_dir.glob("*/LC_MESSAGES/django.po")):
            for entry in polib.pofile(str(path)):
                if not entry.obsolete:
                    strings.setdefault(_key(entry), entry)
        own = locale_dir / LANGUAGE / "LC_MESSAGES" / "django.po"
        translated = {_key(e) for e in polib.pofile(str(own)) if e.translated()} if own.exists() else set()
        for key, entry in strings.items():
            if key not in translated and key not in missing:
                missing[key] = polib.POEntry(
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgstr="",
                    msgstr_plural={0: ""} if entry.msgid_plural else {},
                    comment=name,
                    flags=[flag for flag in entry.flags if flag.endswith("-format")],
                )
    return missing


class Command(BaseCommand):
    help = "Keep locale/libraries/vi in step with the strings Django and the installed libraries show."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail when a library string has no Vietnamese.")

    def handle(self, *args, check: bool, **options):
        wanted = missing_entries()
        existing = polib.pofile(str(CATALOGUE)) if CATALOGUE.exists() else polib.POFile()
        translations = {_key(e): e for e in existing if e.translated()}
        if check:
            untranslated = [key for key in wanted if key not in translations]
            for context, msgid in untranslated:
                self.stderr.write(f"  no Vietnamese: {msgid!r}" + (f" (context {context!r})" if context else ""))
            if untranslated:
                raise CommandError(
                    f"{len(untranslated)} library strings have no Vietnamese: run `manage.py library_messages`, "
                    f"translate them in {CATALOGUE.relative_to(settings.BASE_DIR)}, then `make messages`."
                )
            self.stdout.write(f"locale/libraries/vi: all {len(wanted)} library strings translated")
            return

        catalogue = polib.POFile(wrapwidth=120)
        catalogue.metadata = {
            "Project-Id-Version": "danvankheo libraries",
            "Language": LANGUAGE,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": "nplurals=1; plural=0;",
        }
        for key, entry in sorted(wanted.items(), key=lambda item: (item[1].comment, item[0][1], item[0][0] or "")):
            if key in translations:
                entry.msgstr = translations[key].msgstr
                entry.msgstr_plural = translations[key].msgstr_plural
            catalogue.append(entry)
        CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
        catalogue.save(str(CATALOGUE))
        todo = sum(1 for entry in catalogue if not entry.translated())
        self.stdout.write(f"{CATALOGUE.relative_to(settings.BASE_DIR)}: {len(catalogue)} strings, {todo} to translate")
