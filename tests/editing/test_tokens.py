"""Editors' tokens are kept as scrypt hashes and compared in constant time."""

from __future__ import annotations

from goalgraph.editing.tokens import hash_token, new_token, verify_token


def test_a_token_verifies_against_its_hash_only() -> None:
    token = new_token()
    hashed = hash_token(token)
    assert hashed.startswith("scrypt$16384$8$1$")
    assert token not in hashed
    assert verify_token(token, hashed)
    assert not verify_token(token + "x", hashed)
    assert not verify_token(new_token(), hashed)


def test_the_same_token_hashes_differently_each_time() -> None:
    token = new_token()
    assert hash_token(token) != hash_token(token)


def test_a_malformed_hash_verifies_nothing() -> None:
    for bad in ("", "plain", "scrypt$1$1$1$!!$!!", "scrypt$16384$8$1$AAAA$"):
        assert not verify_token("anything-at-all-long", bad)
