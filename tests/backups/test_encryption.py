"""A backup encrypted with a passphrase, in chunks: whole or refused."""

import io
import os

import pytest

from backups.encryption import CHUNK_BYTES, HEADER, LENGTH_BYTES, SALT_BYTES, decrypt, encrypt
from backups.errors import BackupError

PASSPHRASE = "correct horse battery staple"
# More than two chunks' worth, so that the backup is in three.
DATA = os.urandom(2 * CHUNK_BYTES + 1000)


@pytest.fixture(scope="module")
def encrypted():
    target = io.BytesIO()
    encrypt(io.BytesIO(DATA), target, PASSPHRASE)
    return target.getvalue()


def decrypted(data, passphrase=PASSPHRASE):
    target = io.BytesIO()
    decrypt(io.BytesIO(data), target, passphrase)
    return target.getvalue()


def test_a_backup_of_several_chunks_comes_back_whole(encrypted):
    assert DATA[:1000] not in encrypted
    assert decrypted(encrypted) == DATA


def test_a_backup_cut_at_the_end_of_a_chunk_is_refused_as_truncated(encrypted):
    first_token = len(HEADER) + SALT_BYTES
    length = int.from_bytes(encrypted[first_token : first_token + LENGTH_BYTES], "big")

    with pytest.raises(BackupError, match="truncated"):
        decrypted(encrypted[: first_token + LENGTH_BYTES + length])


def test_a_backup_with_a_changed_byte_is_refused_as_corrupt(encrypted):
    changed = bytearray(encrypted)
    changed[len(encrypted) // 2] ^= 1

    with pytest.raises(BackupError, match="corrupt"):
        decrypted(bytes(changed))


def test_another_passphrase_is_refused(encrypted):
    with pytest.raises(BackupError, match="made with another passphrase"):
        decrypted(encrypted, "Correct horse battery staple")
