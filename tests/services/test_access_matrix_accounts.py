"""Access-matrix rows for the accounts surfaces (sign-in, choosing a password after a reset).

Their behaviour is tested in tests/security/test_accounts.py.
"""

from __future__ import annotations

COVERED: dict[str, str] = {
    "AuthService.choose_new_password": (
        "the actor's own account, only after an administrator's reset; "
        "tested in tests/security/test_accounts.py"
    ),
}
