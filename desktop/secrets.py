"""Database passwords in the system keyring, keyed by connection profile; nowhere else, ever.

No secure backend (headless Linux gets keyring's fail backend) means no storing at all:
``keyring_available()`` says why, and the caller asks for the password each session. A
backend that keeps passwords in a plain or merely encoded file (keyrings.alt) counts as none.
No function here logs or puts a password into an exception message.
"""

from __future__ import annotations

import logging
from typing import Any

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from desktop.domain.errors import ServiceError

log = logging.getLogger(__name__)

#: The keyring "service" of a profile's password is this prefix plus the profile name.
SERVICE_PREFIX = "Caseboard database: "

NO_KEYRING = "No system keyring is available on this machine"
ASK_EACH_SESSION = NO_KEYRING + ", so Caseboard asks for the password each session"


class SecretStoreError(ServiceError):
    """The keyring refused or failed; the message is for the person at the screen."""


def _service(profile_name: str) -> str:
    return SERVICE_PREFIX + profile_name.strip().casefold()


def _why_unusable(backend: Any) -> str | None:
    """None for a backend that keeps secrets properly, else the reason it does not."""
    module = type(backend).__module__
    name = type(backend).__name__
    if module == "keyring.backends.chainer":
        chained = list(getattr(backend, "backends", []))
        # set_password goes to the first (highest priority) backend: that one must be secure.
        return _why_unusable(chained[0]) if chained else NO_KEYRING
    if module == "keyring.backends.fail":
        return NO_KEYRING
    if module == "keyring.backends.null":
        return NO_KEYRING + " (the keyring is turned off in keyring's settings)"
    if module.startswith("keyrings.alt"):
        return (
            f"{NO_KEYRING}: the only one configured ({name}) keeps passwords in a file, "
            "not in a secure store, so Caseboard does not use it"
        )
    return None


def keyring_available() -> tuple[bool, str]:
    """(True, backend name) when passwords can be kept safely, else (False, the reason)."""
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # a broken keyring configuration must not stop the app
        log.warning("No usable keyring: %s", type(exc).__name__)
        return False, NO_KEYRING
    reason = _why_unusable(backend)
    if reason is not None:
        return False, reason
    return True, getattr(backend, "name", type(backend).__name__)


def _require_keyring() -> None:
    ok, reason = keyring_available()
    if not ok:
        raise SecretStoreError(reason)


def _failed(action: str, exc: Exception) -> SecretStoreError:
    # The exception's own text names the backend's problem; it never holds the password
    # (it is not passed to it), but keep only its type and message to be sure of the shape.
    detail = str(exc).strip() or type(exc).__name__
    return SecretStoreError(f"The system keyring could not {action} the password: {detail}")


def store_password(profile_name: str, user: str, password: str) -> None:
    """Keep (or replace) the password of ``user`` for this profile in the system keyring."""
    _require_keyring()
    try:
        keyring.set_password(_service(profile_name), user, password)
    except (KeyringError, OSError, RuntimeError) as exc:
        raise _failed("save", exc) from None
    log.info("Password for profile %r saved in the system keyring", profile_name)


def get_password(profile_name: str, user: str) -> str | None:
    """The stored password, or None when there is none or no usable keyring."""
    if not keyring_available()[0]:
        return None
    try:
        password = keyring.get_password(_service(profile_name), user)
    except (KeyringError, OSError, RuntimeError) as exc:
        raise _failed("read", exc) from None
    return password if isinstance(password, str) else None


def has_password(profile_name: str, user: str) -> bool:
    return get_password(profile_name, user) is not None


def delete_password(profile_name: str, user: str) -> bool:
    """Forget the stored password; False when there was none (or no keyring to hold one)."""
    if not keyring_available()[0]:
        return False
    try:
        keyring.delete_password(_service(profile_name), user)
    except PasswordDeleteError:
        return False
    except (KeyringError, OSError, RuntimeError) as exc:
        raise _failed("delete", exc) from None
    log.info("Password for profile %r removed from the system keyring", profile_name)
    return True
