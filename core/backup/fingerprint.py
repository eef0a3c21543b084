"""What a restore must reproduce: every table's row count and a checksum of its rows in primary-key order,
PostgreSQL's sequences, and every stored file's size and checksum. Two fingerprints taken from databases of the
same kind compare equal when their contents are the same."""

import hashlib
import json
from dataclasses import dataclass, field

BATCH = 2000


@dataclass
class Fingerprint:
    tables: dict[str, tuple[int, str]] = field(default_factory=dict)  # table -> (rows, sha256)
    sequences: dict[str, int] = field(default_factory=dict)  # PostgreSQL only: sequence -> last value
    files: dict[str, tuple[int, str]] = field(default_factory=dict)  # name -> (size, sha256)

    @property
    def rows(self) -> int:
        return sum(rows for rows, _ in self.tables.values())

    def to_json(self) -> str:
        return json.dumps({"tables": self.tables, "sequences": self.sequences, "files": self.files}, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "Fingerprint":
        data = json.loads(text)
        return cls(
            tables={name: tuple(value) for name, value in data["tables"].items()},
            sequences=data["sequences"],
            files={name: tuple(value) for name, value in data["files"].items()},
        )


def _canonical(value):
    # A bytea column comes back as a memoryview, whose repr names a memory address.
    return bytes(value) if isinstance(value, memoryview) else value


def table_checksum(connection, cursor, table: str) -> tuple[int, str]:
    quote = connection.ops.quote_name
    order = connection.introspection.get_primary_key_columns(cursor, table)
    if not order:  # no primary key: order by every column
        order = [column.name for column in connection.introspection.get_table_description(cursor, table)]
    cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {', '.join(quote(column) for column in order)}")
    digest, count = hashlib.sha256(), 0
    while rows := cursor.fetchmany(BATCH):
        for row in rows:
            digest.update(repr(tuple(_canonical(value) for value in row)).encode())
            digest.update(b"\n")
        count += len(rows)
    return count, digest.hexdigest()


def database_fingerprint(connection, fingerprint: Fingerprint) -> Fingerprint:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
            tables += [row[0] for row in cursor.fetchall()]
        for table in sorted(tables):
            fingerprint.tables[table] = table_checksum(connection, cursor, table)
        if connection.vendor == "postgresql":
            cursor.execute("SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences")
            fingerprint.sequences = {name: value for name, value in cursor.fetchall()}
    return fingerprint


def take_fingerprint(connection, storage) -> Fingerprint:
    from .media import stored_checksums

    fingerprint = Fingerprint(files=stored_checksums(storage))
    return database_fingerprint(connection, fingerprint)


def mismatches(expected: Fingerprint, actual: Fingerprint) -> list[str]:
    """Every difference, one line each: tables, sequences and files missing, extra or different."""
    found = []
    for kind, left, right in (
        ("table", expected.tables, actual.tables),
        ("sequence", expected.sequences, actual.sequences),
        ("file", expected.files, actual.files),
    ):
        for name in sorted(left.keys() | right.keys()):
            if name not in right:
                found.append(f"{kind} {name}: missing after the restore")
            elif name not in left:
                found.append(f"{kind} {name}: not in the original")
            elif left[name] != right[name]:
                found.append(f"{kind} {name}: {left[name]} before, {right[name]} after")
    return found
