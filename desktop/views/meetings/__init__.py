"""The Meetings area: the list of MACSE meetings, each meeting's tabs, its dialogs."""
