"""The one switch: REDIS_URL moves cache, sessions and jobs out of the process; unset, all stays in-process."""

import json
import os
import subprocess
import sys
import uuid

import pytest
import redis
from django.conf import settings

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/11")  # issue 11's own Redis database

PROBE = """
import django, json; django.setup()
from django.conf import settings
from django.core.cache import cache
import sys
if sys.argv[1] == "set":
    cache.set("probe", sys.argv[2], 60)
print(json.dumps({"cache": settings.CACHES["default"]["BACKEND"], "session": settings.SESSION_ENGINE,
                  "tasks": settings.TASKS["default"]["BACKEND"], "storage": settings.STORAGES["default"]["BACKEND"],
                  "probe": cache.get("probe")}))
"""


def _probe(env_extra: dict, *args) -> dict:
    switches = ("REDIS_URL", "DJANGO_TASKS_BACKEND", "S3_BUCKET")
    env = {key: value for key, value in os.environ.items() if key not in switches}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_DEBUG="1", **env_extra)
    out = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, check=True,
                         cwd=settings.BASE_DIR, timeout=60)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _redis_up() -> bool:
    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def test_without_redis_everything_stays_in_the_process():
    state = _probe({}, "get")
    assert state["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert state["session"] == "django.contrib.sessions.backends.db"
    assert state["tasks"] == "django.tasks.backends.immediate.ImmediateBackend"
    assert state["storage"] == "django.core.files.storage.FileSystemStorage"


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_two_processes_share_the_cache_and_queue_jobs_in_the_database():
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    env = {"REDIS_URL": REDIS, "CACHE_KEY_PREFIX": prefix}
    written = _probe(env, "set", "from process A")
    read = _probe(env, "get")  # another process
    assert written["cache"] == read["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert read["session"] == "django.contrib.sessions.backends.cached_db"
    assert read["tasks"] == "django_tasks_db.DatabaseBackend"
    assert read["probe"] == "from process A"
    assert _probe({**env, "CACHE_KEY_PREFIX": prefix + "-other"}, "get")["probe"] is None  # prefixes keep apart


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_a_new_release_does_not_read_what_the_last_one_cached():
    """The shared cache outlives a deploy: HTML or figures cached by the last release's templates and code are not
    served by the next (config/release.py)."""
    env = {"REDIS_URL": REDIS, "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}"}
    _probe({**env, "DJANGO_BUILD_ID": "release-1"}, "set", "cached by release 1")
    assert _probe({**env, "DJANGO_BUILD_ID": "release-1"}, "get")["probe"] == "cached by release 1"
    assert _probe({**env, "DJANGO_BUILD_ID": "release-2"}, "get")["probe"] is None


def test_without_a_build_id_the_release_is_a_digest_of_what_shapes_the_cached_pages(tmp_path, monkeypatch):
    from config.release import release

    monkeypatch.delenv("DJANGO_BUILD_ID", raising=False)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "list.html").write_text("<table>{{ rows }}</table>")
    (tmp_path / "views.py").write_text("ROWS = 25\n")
    (tmp_path / "tests").mkdir()
    first = release(tmp_path)
    (tmp_path / "tests" / "test_list.py").write_text("def test(): pass\n")  # not deployed
    (tmp_path / "README.md").write_text("# Notes\n")
    assert release(tmp_path) == first
    (tmp_path / "templates" / "list.html").write_text("<table class=table>{{ rows }}</table>")
    assert release(tmp_path) != first
    monkeypatch.setenv("DJANGO_BUILD_ID", "4f2a9c1")
    assert release(tmp_path) == "4f2a9c1"
