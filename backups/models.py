"""Backups keep no rows: a backup's record is its file in the backup storage, named by the time it
was made, so that the list survives the loss of the database it backs up. (The module is here,
as in every app, so that the app takes part in `migrate`'s signals like the others.)"""
