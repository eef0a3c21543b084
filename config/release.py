"""Which release of the code this process runs, for the shared cache's keys.

The cache (Redis) outlives a deploy, and what it holds was made by the code that cached it: the filter sidebars'
and the dashboard's HTML, the public pages, the figures' data. Keyed by the data's versions alone, a release that
changes a template would serve the previous release's HTML until the data changed or a day passed. So the keys
also name the release: DJANGO_BUILD_ID when the deployment sets one (a commit id), else a digest of the sources
that shape what is cached (Python, templates, translations), read once when the process starts.
"""

import hashlib
import os
from pathlib import Path

SHAPING = (".py", ".html", ".txt", ".po")
# Not part of what a running app caches: the environment, tests, development tools, collected and uploaded files.
SKIPPED = {".git", ".venv", "venv", "node_modules", "staticfiles", "media", "tests", "devtools", "__pycache__"}


def source_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED and not name.startswith("."))
        for name in sorted(files):
            if name.endswith(SHAPING):
                path = Path(folder, name)
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def release(root: Path) -> str:
    return os.environ.get("DJANGO_BUILD_ID") or source_digest(root)[:16]
