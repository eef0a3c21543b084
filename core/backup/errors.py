class BackupError(Exception):
    """A backup or a restore that cannot go ahead; the message says why and what to do."""
