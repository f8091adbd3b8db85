#!/bin/bash
# Drive the MACSE chair's journey in a real window, keystrokes only, with a screenshot after each
# step: sign in, open the Meetings area (Ctrl+Shift+M), walk the meeting's tabs, open the pack
# dialog. Needs Xvfb, openbox, xdotool and imagemagick (apt-get install xvfb openbox xdotool
# imagemagick) and the project's .venv. Run from the checkout:
#   tools/ui-drive-meetings.sh OUTDIR DB_URL [USER]
set -u
OUT=${1:?usage: tools/ui-drive-meetings.sh OUTDIR DB_URL [USER]}
DB=${2:?usage: tools/ui-drive-meetings.sh OUTDIR DB_URL [USER]}
USER_NAME=${3:-chair}
mkdir -p "$OUT"
D=:$((70 + RANDOM % 20))
Xvfb "$D" -screen 0 1600x1000x24 >/dev/null 2>&1 & XPID=$!
export DISPLAY=$D
sleep 1; openbox >/dev/null 2>&1 & WMPID=$!; sleep 1
.venv/bin/caseboard --database "$DB" > "$OUT/app.log" 2>&1 & APID=$!
shot() { sleep "${2:-1.5}"; import -window root "$OUT/$1.png"; }
shot 01-start 4
xdotool key shift+Tab ctrl+a; xdotool type --delay 30 "$USER_NAME"; xdotool key Tab
xdotool type --delay 30 "caseboard-demo"; xdotool key Return
shot 02-signed-in 4
xdotool key ctrl+shift+m
shot 03-meetings 3
# the meeting's tabs: Alt+2 Agenda, Alt+3 Cohort, Alt+4 Decisions, Alt+5 Actions
for n in 2 3 4 5; do xdotool key "alt+$n"; shot "0$((n + 2))-tab$n" 1.5; done
# the pack dialog (Print pack…, Alt+P)
xdotool key alt+p
shot 08-pack-dialog 3
xdotool key Escape
kill "$APID"; sleep 1; kill "$WMPID" "$XPID" 2>/dev/null
echo "screens in $OUT"
