"""Editors' tokens: random tokens, and their scrypt hashes kept in the server's settings."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets

#: scrypt's cost: 2**14 blocks of 8 × 128 bytes (16 MiB, some 50 ms), as OWASP advises.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
HASH_FORMAT = re.compile(r"^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$")
#: The shortest token an editor may have.
MIN_EDITOR_TOKEN = 16


def hash_token(token: str, *, salt: bytes | None = None) -> str:
    """The hash to put in the settings for ``token``: scrypt with a random salt."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        token.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    encode = base64.b64encode
    return (
        f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}$"
        f"{encode(salt).decode('ascii')}${encode(digest).decode('ascii')}"
    )


def verify_token(token: str, token_hash: str) -> bool:
    """Whether ``token`` is the one ``token_hash`` was made from (compared in constant time)."""
    match = HASH_FORMAT.match(token_hash)
    if match is None:
        return False
    n, r, p = (int(match.group(i)) for i in (1, 2, 3))
    try:
        salt = base64.b64decode(match.group(4), validate=True)
        expected = base64.b64decode(match.group(5), validate=True)
        digest = hashlib.scrypt(
            token.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(expected)
        )
    except (binascii.Error, ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest, expected)


def new_token() -> str:
    """A random token for a new editor (43 characters, 256 bits)."""
    return secrets.token_urlsafe(32)
