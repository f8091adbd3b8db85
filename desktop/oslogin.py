"""Who is logged on to this computer, asked of the operating system (never the environment).

``getpass.getuser()`` reads LOGNAME, USER, LNAME and USERNAME first, so anyone can claim
another login by setting a variable (``LOGNAME=chair caseboard export …``). Workstation
sign-in must trust only what the operating system says about the running process: the owner
of its effective user id on POSIX, the user of its access token on Windows.
"""

from __future__ import annotations

import os
import sys

#: Longest user name Windows returns (UNLEN) plus the terminating NUL.
_UNLEN = 257


def os_login() -> str | None:
    """The login name of the process's own user, or None when the system cannot say."""
    try:
        if sys.platform == "win32":
            return _windows_login()
        return _posix_login()
    except (KeyError, OSError, AttributeError, ImportError):
        return None


def _posix_login() -> str | None:
    import pwd

    name = pwd.getpwuid(os.geteuid()).pw_name
    return name or None


def _windows_login() -> str | None:  # pragma: no cover - exercised on Windows only
    import ctypes
    from ctypes import wintypes

    advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    get_user_name = advapi32.GetUserNameW
    get_user_name.argtypes = [wintypes.LPWSTR, ctypes.POINTER(wintypes.DWORD)]
    get_user_name.restype = wintypes.BOOL
    size = wintypes.DWORD(_UNLEN)
    buffer = ctypes.create_unicode_buffer(_UNLEN)
    if not get_user_name(buffer, ctypes.byref(size)):
        return None
    return buffer.value or None
