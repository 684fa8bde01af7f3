"""A backup encrypted with a passphrase (BACKUP_PASSPHRASE), so that it may be kept where others
can read files, such as a bucket.

Fernet (from `cryptography`: AES-128 in CBC mode with an HMAC-SHA256 on each token) under a
key derived from the passphrase with scrypt and a random salt; GPG, which django-dbbackup
offers, would need a key pair and a keyring on every host. The archive is encrypted in chunks,
so that a large backup never has to fit in memory, and ends with an empty chunk, so that a file
cut short at a chunk's end is told from a whole one.

    header, salt (16 bytes), then for each chunk: its token's length (4 bytes) and the token
"""

import base64
import os

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from backups.errors import BackupError

HEADER = b"portfolio backup, encrypted, format 1\n"
SALT_BYTES = 16
CHUNK_BYTES = 4 * 1024 * 1024
LENGTH_BYTES = 4
# A chunk's token: the chunk in base64 with Fernet's version, time, IV, padding and HMAC.
MAX_TOKEN_BYTES = 2 * CHUNK_BYTES


def is_encrypted(path):
    with open(path, "rb") as file:
        return file.read(len(HEADER)) == HEADER


def fernet(passphrase, salt):
    """Scrypt's cost makes each guess of the passphrase slow for whoever holds a stolen file."""
    key = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(source, target, passphrase):
    """Write `source`'s bytes (an open file) to `target`, encrypted with `passphrase`."""
    salt = os.urandom(SALT_BYTES)
    cipher = fernet(passphrase, salt)
    target.write(HEADER + salt)
    while chunk := source.read(CHUNK_BYTES):
        write_token(target, cipher.encrypt(chunk))
    write_token(target, cipher.encrypt(b""))


def write_token(target, token):
    target.write(len(token).to_bytes(LENGTH_BYTES, "big") + token)


def decrypt(source, target, passphrase):
    """Write what `source` (an open encrypted backup) holds to `target`; a BackupError if the
    passphrase is not the one it was made with, or if the file was cut short or altered."""
    if source.read(len(HEADER)) != HEADER:
        raise BackupError("The backup is not an encrypted backup of this site.")
    salt = source.read(SALT_BYTES)
    if len(salt) < SALT_BYTES:
        raise BackupError("The backup is truncated: it ends before its encrypted part begins.")
    cipher = fernet(passphrase, salt)
    first = True
    while True:
        length = source.read(LENGTH_BYTES)
        if len(length) < LENGTH_BYTES:
            raise BackupError("The backup is truncated: its encrypted part ends early.")
        size = int.from_bytes(length, "big")
        if size > MAX_TOKEN_BYTES:
            raise BackupError("The backup is corrupt: a part of it has an impossible length.")
        token = source.read(size)
        if len(token) < size:
            raise BackupError("The backup is truncated: its encrypted part ends early.")
        try:
            chunk = cipher.decrypt(token)
        except InvalidToken:
            if first:
                raise BackupError(
                    "The backup cannot be decrypted with BACKUP_PASSPHRASE: it was made with "
                    "another passphrase, or the file is corrupt."
                ) from None
            raise BackupError("The backup is corrupt: a part of it does not decrypt.") from None
        if not chunk:
            if source.read(1):
                raise BackupError("The backup is corrupt: it goes on after its end.")
            return
        target.write(chunk)
        first = False
