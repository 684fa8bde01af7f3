class BackupError(Exception):
    """A backup that cannot be made, read or restored; the message says why, for the operator."""
