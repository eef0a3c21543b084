"""A PostgreSQL instance of the drill's own: initdb in a temporary folder, on a free loopback port, started,
restarted and removed with pg_ctl. The shared server on 5432 is never touched."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_bin() -> Path:
    """The newest PostgreSQL server installed (Debian's /usr/lib/postgresql/N/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda path: int(Path(path).parts[-3]))
    if not found:
        raise RuntimeError("No PostgreSQL server under /usr/lib/postgresql/*/bin: apt-get install postgresql.")
    return Path(found[-1]).parent


class TemporaryCluster:
    def __init__(self):
        self.bin = server_bin()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="restart-drill-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        # initdb refuses to run as root: run the server as the postgres account then.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.folder, "postgres")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/drill"

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), *args]
        return subprocess.run(command, capture_output=True, text=True, check=check)

    def create(self) -> None:
        subprocess.run(
            [
                *self.as_user,
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._pg_ctl("-o", options, "-l", str(self.log), "-w", "start")
        subprocess.run(
            [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "drill"],
            capture_output=True,
            text=True,
            check=True,
        )

    def restart(self, mode: str) -> float:
        """Restart with pg_ctl's shutdown mode (fast: sessions ended, a checkpoint; immediate: no checkpoint,
        crash recovery at start); return how long the server was away, in seconds."""
        started = time.monotonic()
        self._pg_ctl("-m", mode, "-l", str(self.log), "-w", "restart")
        return time.monotonic() - started

    def remove(self) -> None:
        if self.data.exists():
            self._pg_ctl("-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)
