"""Database passwords live in the system keyring only; no secure keyring → unavailable, says why."""

from __future__ import annotations

import logging
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError

from desktop import secrets
from desktop.secrets import (
    ASK_EACH_SESSION,
    NO_KEYRING,
    SecretStoreError,
    delete_password,
    get_password,
    keyring_available,
    store_password,
)
from tests.conftest import MemoryKeyring

SECRET = "s3cret-😀-pass"


def test_store_read_replace_delete(memory_keyring: MemoryKeyring) -> None:
    assert keyring_available() == (True, memory_keyring.name)
    assert get_password("Team", "north") is None
    store_password("Team", "north", SECRET)
    assert get_password("Team", "north") == SECRET
    assert get_password("team", "north") == SECRET  # profile names ignore case, as the store
    assert get_password("Team", "south") is None  # keyed by profile and user
    store_password("Team", "north", "replaced")
    assert get_password("Team", "north") == "replaced"
    assert list(memory_keyring.passwords) == [("Caseboard database: team", "north")]
    assert delete_password("Team", "north") is True
    assert get_password("Team", "north") is None
    assert delete_password("Team", "north") is False  # nothing to delete is not an error


@pytest.mark.parametrize(
    ("backend", "reason"),
    [
        (fail.Keyring(), NO_KEYRING),
        (null.Keyring(), "turned off"),
    ],
)
def test_no_secure_backend_means_unavailable_with_a_reason(
    backend: KeyringBackend, reason: str
) -> None:
    keyring.set_keyring(backend)
    ok, why = keyring_available()
    assert not ok and reason in why
    assert get_password("Team", "north") is None
    assert delete_password("Team", "north") is False
    with pytest.raises(SecretStoreError, match=NO_KEYRING):
        store_password("Team", "north", SECRET)


def test_a_plaintext_file_backend_does_not_count() -> None:
    # keyrings.alt is not installed here: a stand-in with its module name is what is checked.
    plaintext = type("PlaintextKeyring", (MemoryKeyring,), {"__module__": "keyrings.alt.file"})
    keyring.set_keyring(plaintext())
    ok, why = keyring_available()
    assert not ok
    assert "PlaintextKeyring" in why and "file" in why
    with pytest.raises(SecretStoreError):
        store_password("Team", "north", SECRET)


def test_a_chain_counts_by_its_first_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    chain = chainer.ChainerBackend()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    assert secrets._why_unusable(chain) == NO_KEYRING
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [MemoryKeyring(), fail.Keyring()])
    assert secrets._why_unusable(chain) is None
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [null.Keyring()])
    assert secrets._why_unusable(chain) is not None


class BrokenKeyring(MemoryKeyring):
    """A keyring that fails like a locked or disconnected Secret Service."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("the keyring is locked")

    def get_password(self, service: str, username: str) -> Any:
        raise KeyringError("the keyring is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringError("the keyring is locked")


def test_keyring_errors_become_clear_messages_without_the_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    keyring.set_keyring(BrokenKeyring())
    caplog.set_level(logging.DEBUG)
    with pytest.raises(SecretStoreError) as exc:
        store_password("Team", "north", SECRET)
    assert str(exc.value) == "The system keyring could not save the password: the keyring is locked"
    with pytest.raises(SecretStoreError, match="could not read"):
        get_password("Team", "north")
    with pytest.raises(SecretStoreError, match="could not delete"):
        delete_password("Team", "north")
    assert SECRET not in caplog.text


def test_nothing_is_logged_with_the_password(
    memory_keyring: MemoryKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store_password("Team", "north", SECRET)
    get_password("Team", "north")
    delete_password("Team", "north")
    assert "Team" in caplog.text and SECRET not in caplog.text


def test_the_session_message_says_why() -> None:
    assert ASK_EACH_SESSION == (
        "No system keyring is available on this machine, so Caseboard asks for the password "
        "each session"
    )
