import hashlib

CHUNK = 1024 * 1024


def copy_with_checksum(source, target) -> tuple[int, str]:
    """Copy an open binary file to another; return the size and the SHA-256 of what was copied."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def checksum(source) -> tuple[int, str]:
    """The size and SHA-256 of an open binary file, read to its end."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()
