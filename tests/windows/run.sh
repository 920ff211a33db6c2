#!/usr/bin/env bash
# The Windows lane: runs the win-x64 build of smbdrive under Wine (Debian's wine64) against a throwaway Samba share
# on 127.0.0.1, with tests/windows/standin (a native stand-in for dokan2.dll, built with x86_64-w64-mingw32-gcc) in
# the Wine prefix's System32, where the binding loads dokan2.dll from. It checks:
#   - the self-contained folder build (the one that runs under Wine) and the single-file release build publish;
#   - ls, cat and get byte for byte, both address forms, Unicode names, error texts and exit codes;
#   - --save-credentials, then a run without a password that reads them back from the Credential Manager;
#   - mount with the stand-in playing the driver: Explorer's sequences through the real callbacks, every byte
#     compared with the share's disk; on the writable drive a file created, written, renamed and deleted through
#     the callbacks (bytes compared on the disk), on a --read-only drive every change refused as write-protected;
#     the drive's private UNC name; volume queries and unmount (Ctrl+C, and
#     Explorer's Disconnect) while the server is stopped; dokan2.dll never taken from the application folder;
#     the Windows checks (and their messages) before the password prompt; share modes and byte-range locks against
#     another PC (a second smbdrive session);
#   - a persistent drive letter: the mapping and the sign-in Run entry recorded, `mappings restore` (the Run entry's
#     command) mounting it again in a new session with the password from the Credential Manager, --forget.
# Installs its own Debian packages; every Wine run has a time limit. Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

W=/usr/lib/wine/wine64
need=()
[ -x "$W" ] || need+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
command -v smbd >/dev/null 2>&1 || need+=(samba)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v pgrep >/dev/null 2>&1 || need+=(procps)
if [ ${#need[@]} -gt 0 ]; then
  echo "windows lane: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq wine wine64 gcc-mingw-w64-x86-64 samba python3 procps; } >&2
fi

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $1" >&2; }
fail() { failed=$((failed + 1)); echo "FAIL $1${2:+: $2}" >&2; }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
finish() { echo "$passed passed, $failed failed"; exit $([ "$failed" -eq 0 ] && echo 0 || echo 1); }
if [ ! -x "$W" ] || ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || ! command -v dotnet >/dev/null 2>&1; then
  fail "prerequisites" "wine64, x86_64-w64-mingw32-gcc and dotnet are required"
  finish
fi

work=$(mktemp -d /tmp/smbdrive-wine.XXXXXX)
chmod 755 "$work"
smbd_pid=""
mount_pid=""
cleanup() {
  [ -n "$mount_pid" ] && kill -KILL "$mount_pid" 2>/dev/null
  [ -n "$smbd_pid" ] && { kill -CONT "$smbd_pid" 2>/dev/null; kill -TERM "$smbd_pid" 2>/dev/null; }
  [ -d "$work/pfx" ] && WINEPREFIX="$work/pfx" timeout 20 /usr/lib/wine/wineserver -k 2>/dev/null
  [ -n "$smbd_pid" ] && wait "$smbd_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# ---- build: the self-contained folder (runs under Wine) and the single-file release build (must still publish)
pub="$work/pub"
if timeout 600 dotnet publish src/SmbDrive -c Release -r win-x64 --self-contained -o "$pub" -nologo -v q >"$work/publish.log" 2>&1 \
   && [ -f "$pub/smbdrive.exe" ]; then
  pass "publish win-x64 self-contained folder"
else
  fail "publish win-x64 self-contained folder" "$(tail -5 "$work/publish.log")"
  finish
fi
if timeout 600 dotnet publish src/SmbDrive -c Release -r win-x64 --self-contained -p:PublishSingleFile=true \
     -o "$work/single" -nologo -v q >"$work/single.log" 2>&1 && [ -f "$work/single/smbdrive.exe" ]; then
  pass "publish win-x64 single-file release build"
else
  fail "publish win-x64 single-file release build" "$(tail -5 "$work/single.log")"
fi
rm -rf "$work/single"

standin_src=tests/windows/standin
mingw() { x86_64-w64-mingw32-gcc -std=gnu11 -O2 -Wall -Wextra -Werror -shared -static-libgcc "$@" \
  "$standin_src/driver.c" "$standin_src/scenarios.c" "$standin_src/log.c" 2>&1; }
if out=$(mingw -o "$work/dokan2.dll") && out2=$(mingw -DSD_PLANTED -o "$work/planted-dokan2.dll"); then
  pass "stand-in dokan2.dll builds (every dokan.h size and offset asserted)"
else
  fail "stand-in dokan2.dll builds" "$out ${out2:-}"
  finish
fi

# ---- Samba on 127.0.0.1 with its own port, user and files
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
password="Lane-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
user=smbdrivelane
share="$work/share"
mkdir -p "$work"/{priv,lock,state,cache,run,log} "$share/sub/deeper" "$share/empty"
printf 'a small text file\r\nwith two lines\n' > "$share/small.txt"
head -c $((8 * 1024 * 1024 + 12345)) /dev/urandom > "$share/big.bin"
unicode_name='Ünïcødé 文件 ☃.txt'
printf 'Unicode name, Unicode text: café 日本語\n' > "$share/$unicode_name"
for f in a.txt b.txt c.log; do echo "in sub: $f" > "$share/sub/$f"; done
echo "deeper" > "$share/sub/deeper/x.txt"
chmod -R a+rwX "$share"  # the share's user writes here
cat > "$work/smb.conf" <<CONF
[global]
  smb ports = $port
  interfaces = lo
  bind interfaces only = yes
  private dir = $work/priv
  lock directory = $work/lock
  state directory = $work/state
  cache directory = $work/cache
  pid directory = $work/run
  ncalrpc dir = $work/run/ncalrpc
  log file = $work/log/log.%m
  passdb backend = tdbsam:$work/priv/passdb.tdb
  server role = standalone server
  disable spoolss = yes
  load printers = no
[lane]
  path = $share
  read only = no
CONF
id "$user" >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin "$user"
printf '%s\n%s\n' "$password" "$password" | smbpasswd -c "$work/smb.conf" -s -a "$user" >/dev/null
# In its own session: smbd signals its process group when it stops.
setsid smbd -s "$work/smb.conf" --foreground --no-process-group --debug-stdout -d0 >"$work/log/smbd.out" 2>&1 &
smbd_pid=$!
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
smbd_all() { echo "$smbd_pid"; pgrep -P "$smbd_pid"; }  # the server and the children serving connections

# ---- the Wine prefix: dokan2.dll in System32, the registry as the Dokan installer leaves it
export WINEPREFIX="$work/pfx" WINEDEBUG=-all DOTNET_EnableWriteXorExecute=0
unset DISPLAY
if WINEDLLOVERRIDES='mscoree,mshtml=' timeout 120 "$W" wineboot --init >/dev/null 2>&1 && timeout 60 /usr/lib/wine/wineserver -w; then
  pass "wine prefix"
else
  fail "wine prefix" "wineboot did not finish"
  finish
fi
# Never mscoree= at run time: the runtime loads its IL-only assemblies through it.
export WINEDLLOVERRIDES='mshtml=;winedbg.exe=d'
system32="$WINEPREFIX/drive_c/windows/system32"
reg() { timeout 30 "$W" reg "$@" >/dev/null 2>&1; }
install_driver_registry() {
  reg add 'HKLM\SYSTEM\CurrentControlSet\Services\Dokan2' /v Type /t REG_DWORD /d 2 /f
  reg add 'HKLM\SYSTEM\CurrentControlSet\Services\Dokan2\NetworkProvider' /v Name /t REG_SZ /d Dokan2 /f
  reg add 'HKLM\SYSTEM\CurrentControlSet\Control\NetworkProvider\Order' /v ProviderOrder /t REG_SZ /d 'RDPNP,LanmanWorkstation,Dokan2' /f
}
win_path() { printf 'Z:%s' "$(printf '%s' "$1" | tr '/' '\\')"; }

# run TIMEOUT ARGS...: smbdrive.exe with stdin closed and run_env (env arguments) applied; sets rc, out (UTF-8)
# and err (without CRs)
run_env=()
run() {
  local limit=$1; shift
  timeout -k 5 "$limit" env "${run_env[@]}" "$W" "$pub/smbdrive.exe" "$@" >"$work/stdout" 2>"$work/stderr" </dev/null
  rc=$?
  out=$(tr -d '\r' <"$work/stdout")
  err=$(tr -d '\r' <"$work/stderr")
}
expect() { # expect NAME RC [STDERR-SUBSTRING]
  local name=$1 want_rc=$2 want_err=${3:-}
  if [ "$rc" -eq "$want_rc" ] && { [ -z "$want_err" ] || grep -qF -- "$want_err" <<<"$err"; }; then
    pass "$name"
  else
    fail "$name" "exit $rc (want $want_rc), stderr: $(head -c 400 <<<"$err")"
  fi
}

unc="//127.0.0.1:$port/lane"
export SMBDRIVE_PASSWORD="$password"

# ---- the CLI under Wine
run 30 version
expect "version runs" 0
run 60 ls "$unc" --user "$user"
if [ "$rc" -eq 0 ] && grep -qF small.txt <<<"$out" && grep -qF big.bin <<<"$out" && grep -qF "$unicode_name" <<<"$out"; then
  pass "ls //host:port/share"; else fail "ls //host:port/share" "exit $rc: $err"; fi
run 60 ls "$unc/sub" --user "$user"
check "ls of a folder" test "$rc" -eq 0 -a "$(grep -cE 'a\.txt|b\.txt|c\.log|deeper' <<<"$out")" -eq 4

timeout -k 5 120 "$W" "$pub/smbdrive.exe" cat "$unc/big.bin" --user "$user" </dev/null >"$work/cat.bin" 2>"$work/stderr"
check "cat: bytes equal the share's disk" cmp -s "$work/cat.bin" "$share/big.bin"
timeout -k 5 60 "$W" "$pub/smbdrive.exe" cat "\\\\127.0.0.1@$port\\lane\\sub\\a.txt" --user "$user" </dev/null >"$work/cat.txt" 2>"$work/stderr"
check 'cat \\host@port\share\path form' cmp -s "$work/cat.txt" "$share/sub/a.txt"
timeout -k 5 60 "$W" "$pub/smbdrive.exe" cat "$unc/$unicode_name" --user "$user" </dev/null >"$work/cat.u" 2>"$work/stderr"
check "cat of a Unicode name" cmp -s "$work/cat.u" "$share/$unicode_name"

run 120 get "$unc/big.bin" "$(win_path "$work/got.bin")" --user "$user"
check "get: file equals the share's disk" cmp -s "$work/got.bin" "$share/big.bin"
run 60 get "$unc/$unicode_name" "$work/got-u.txt" --user "$user"
check "get of a Unicode name to a Unix path" cmp -s "$work/got-u.txt" "$share/$unicode_name"

run 60 cat "$unc/nope.txt" --user "$user"
expect "missing file: exit 1 naming the path and NTSTATUS" 1 "STATUS_OBJECT_NAME_NOT_FOUND"
grep -qF "nope.txt" <<<"$err" || fail "missing file: message names the file" "$err"
run_env=("SMBDRIVE_PASSWORD=wrong-$password"); run 60 ls "$unc" --user "$user"; run_env=()
expect "wrong password: exit 4" 4 "STATUS_LOGON_FAILURE"
grep -qF -- "$password" "$work/stderr" "$work/stdout" && fail "wrong password: no secret in the output" || pass "wrong password: no secret in the output"
closed_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run 60 ls "//127.0.0.1:$closed_port/lane" --user "$user"
expect "closed port: exit 3" 3 "127.0.0.1"
run 30 frobnicate
expect "unknown command: exit 2" 2 "unknown command"
run 60 ls "$unc/../x" --user "$user"
[ "$rc" -ne 0 ] && [ "$rc" -ne 82 ] && [ -n "$err" ] && pass "bad path: a clear error, no crash" || fail "bad path: a clear error, no crash" "exit $rc: $err"

# ---- Credential Manager: save, then run with no password at all
run_env=(-u SMBDRIVE_PASSWORD); run 60 ls "$unc" --user "$user"; run_env=()
expect "no password and none saved: exit 2" 2
run 60 ls "$unc" --user "$user" --save-credentials
expect "--save-credentials" 0
timeout 20 /usr/lib/wine/wineserver -k 2>/dev/null  # a new Wine session: only persisted credentials survive
env -u SMBDRIVE_PASSWORD timeout -k 5 60 "$W" "$pub/smbdrive.exe" ls "$unc" --user "$user" >"$work/stdout" 2>"$work/stderr" </dev/null
rc=$?; err=$(tr -d '\r' <"$work/stderr")
if [ "$rc" -eq 0 ] && grep -qF small.txt "$work/stdout"; then pass "credentials read back from the Credential Manager"
else fail "credentials read back from the Credential Manager" "exit $rc: $err"; fi
grep -qF -- "$password" "$WINEPREFIX/user.reg" && fail "saved password is not stored in clear" || pass "saved password is not stored in clear"

standin_results() { # standin_results SCENARIO: every PASS/FAIL line of the stand-in's log counts
  local scenario=$1 line
  [ -f "$work/standin.log" ] || { fail "$scenario: stand-in log" "missing"; return; }
  while IFS= read -r line; do
    case "$line" in
      PASS*) pass "$scenario: ${line#PASS }" ;;
      FAIL*) fail "$scenario: ${line#FAIL }" ;;
    esac
  done <"$work/standin.log"
  grep -qx DONE "$work/standin.log" && pass "$scenario: scenario completed" || fail "$scenario: scenario completed" "no DONE line"
  grep -q '^INFO loaded-from C:\\windows\\system32\\dokan2.dll' "$work/standin.log" \
    && pass "$scenario: dokan2.dll loaded from System32, not the planted copy" \
    || fail "$scenario: dokan2.dll loaded from System32" "$(grep loaded-from "$work/standin.log")"
}
# ---- mount: the Windows checks, before the password prompt (no password given; stdin closed)
mount_args=(mount "$unc" M: --user "$user")
timeout 20 /usr/lib/wine/wineserver -k 2>/dev/null
# Forget the saved credentials again, so a prompt would fail with a usage error (exit 2).
reg delete 'HKCU\Software\Wine\Credential Manager' /f
cp "$work/planted-dokan2.dll" "$pub/dokan2.dll"  # planted next to smbdrive.exe for every run below
run_env=(-u SMBDRIVE_PASSWORD); run 60 "${mount_args[@]}"
expect "no dokan2.dll in System32: 'not installed' (a planted copy is ignored)" 1 "Dokan 2 is not installed"
printf 'MZ but not a library' > "$system32/dokan2.dll"
run_env=(-u SMBDRIVE_PASSWORD); run 60 "${mount_args[@]}"
expect "broken dokan2.dll: wrong-processor message" 1 "is not a x64 library"
cp "$work/dokan2.dll" "$system32/dokan2.dll"
export SMBDRIVE_STANDIN_LOG; SMBDRIVE_STANDIN_LOG=$(win_path "$work/standin.log")
export SMBDRIVE_STANDIN_ROOT; SMBDRIVE_STANDIN_ROOT=$(win_path "$share")
run_env=(-u SMBDRIVE_PASSWORD SMBDRIVE_STANDIN_DRIVER=stopped); run 60 "${mount_args[@]}"
expect "driver not answering, no service: 'not installed'" 1 "Dokan 2 is not installed"
install_driver_registry
run_env=(-u SMBDRIVE_PASSWORD SMBDRIVE_STANDIN_DRIVER=stopped); run 60 "${mount_args[@]}"
expect "stopped driver: 'installed but not running'" 1 "installed but not running"
reg add 'HKLM\SYSTEM\CurrentControlSet\Services\Dokan2' /v DeleteFlag /t REG_DWORD /d 1 /f
run_env=(-u SMBDRIVE_PASSWORD SMBDRIVE_STANDIN_DRIVER=stopped); run 60 "${mount_args[@]}"
expect "driver awaiting a restart: 'restart Windows'" 1 "Windows must restart"
reg delete 'HKLM\SYSTEM\CurrentControlSet\Services\Dokan2' /v DeleteFlag /f
run_env=(-u SMBDRIVE_PASSWORD SMBDRIVE_STANDIN_DRIVER=mismatch); run 60 "${mount_args[@]}"
expect "driver/DLL mismatch: says so" 1 "does not match dokan2.dll"
run 30 unmount M:
expect "unmount with nothing mounted: exit 1, a plain message" 1 "smbdrive: no SmbDrive drive is mounted at M:"
run_env=(-u SMBDRIVE_PASSWORD); run 60 mount "$unc" C: --user "$user"
expect "drive letter in use: says so" 1 "Drive letter C: is already in use"
reg add 'HKLM\SYSTEM\CurrentControlSet\Control\NetworkProvider\Order' /v ProviderOrder /t REG_SZ /d 'RDPNP,LanmanWorkstation' /f
run_env=(-u SMBDRIVE_PASSWORD); run 60 "${mount_args[@]}"
expect "network provider missing: says so" 1 "network provider is not registered"
[ -s "$work/standin.log" ] && fail "failed checks mount nothing and balance DokanInit" "$(cat "$work/standin.log")" \
  || pass "failed checks mount nothing and balance DokanInit"
run_env=()
rm -f "$work/standin.log"
# Mounted --read-only: the driver is told WRITE_PROTECT and every change is refused with 0xc00000a2.
SMBDRIVE_STANDIN_SCENARIO=explorer run 180 "${mount_args[@]}" --fixed-drive --read-only
expect "--fixed-drive needs no network provider: mounts and unmounts" 0
standin_results fixed-drive
# 0x100 FILELOCK_USER_MODE (locks go to the server), 0x40 MOUNT_MANAGER, 0x8 WRITE_PROTECT, 0x1 DEBUG.
grep -q 'INFO mount M:\\ options 0x14[89] ' "$work/standin.log" \
  && pass "fixed-drive: --read-only mounts write-protected, locks handled in user mode" \
  || fail "fixed-drive: --read-only mounts write-protected, locks handled in user mode" "$(grep 'INFO mount' "$work/standin.log")"
install_driver_registry
rm -f "$work/standin.log"
run_env=(-u SMBDRIVE_PASSWORD); run 60 "${mount_args[@]}"
expect "all checks pass: then the password is asked for (none here: usage error)" 2
run_env=()
[ -s "$work/standin.log" ] && fail "no mount before the password" "$(cat "$work/standin.log")" || pass "no mount before the password"

# ---- mount with the stand-in: Explorer's sequences through the real callbacks
rm -f "$work/standin.log"
SMBDRIVE_STANDIN_SCENARIO=explorer run 180 "${mount_args[@]}"
expect "explorer: mount runs and ends when the drive is unmounted" 0
standin_results explorer
# 0x400 ENABLE_UNMOUNT_NETWORK_DRIVE, 0x100 FILELOCK_USER_MODE, 0x10 NETWORK, 0x1 DEBUG; no 0x8 WRITE_PROTECT.
grep -q 'INFO mount M:\\ options 0x51[01] unc \\127-0-0-1\.m\.smbdrive\.invalid\\lane' "$work/standin.log" \
  && pass "explorer: network drive, writable (no WRITE_PROTECT), locks in user mode, private UNC name" \
  || fail "explorer: network drive, writable (no WRITE_PROTECT), locks in user mode, private UNC name" "$(grep 'INFO mount' "$work/standin.log")"
check "explorer: the share's disk is left as it was found" test -z "$(cd "$share" && ls -A | grep -vxE 'small\.txt|big\.bin|sub|empty|Ünïcødé 文件 ☃\.txt')"

# ---- a persistent drive letter: the mapping is recorded (no password in it), the password goes to the Credential
# Manager, and the Run entry that restores the mappings at every sign-in is registered; --forget undoes both.
run_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Run'
run_entry() { timeout 30 "$W" reg query "$run_key" /v SmbDrive 2>/dev/null | tr -d '\r' | grep -i 'SmbDrive.*REG_SZ'; }
run_entry >/dev/null && fail "persistent: no Run entry before" "$(run_entry)" || pass "persistent: no Run entry before"
rm -f "$work/standin.log"
SMBDRIVE_STANDIN_SCENARIO=explorer run 180 "${mount_args[@]}" --persistent
expect "persistent: mount --persistent runs and ends when the drive is unmounted" 0
entry=$(run_entry)
grep -qiE 'smbdrive(\.exe)?"? +mappings restore' <<<"$entry" \
  && pass "persistent: the Run entry runs 'smbdrive mappings restore' at sign-in" \
  || fail "persistent: the Run entry runs 'smbdrive mappings restore' at sign-in" "${entry:-no Run entry}"
run 60 mappings
if [ "$rc" -eq 0 ] && grep -qF 'M:' <<<"$out" && grep -qF 'lane' <<<"$out"; then pass "persistent: 'smbdrive mappings' lists M:"
else fail "persistent: 'smbdrive mappings' lists M:" "exit $rc: $out $err"; fi
# Sign-in: a new Wine session runs what the Run entry runs, with no password given; the mount it starts in the
# background takes the password from the Credential Manager and plays Explorer's sequences on M: again.
timeout 20 /usr/lib/wine/wineserver -k 2>/dev/null
rm -f "$work/standin.log"
run_env=(-u SMBDRIVE_PASSWORD SMBDRIVE_STANDIN_SCENARIO=explorer); run 60 mappings restore; run_env=()
expect "persistent: 'mappings restore' (the Run entry's command) starts the mount" 0
deadline=$((SECONDS + 180)); until grep -qx DONE "$work/standin.log" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; do sleep 0.2; done
standin_results restored
grep -q 'INFO mount M:\\ ' "$work/standin.log" && pass "restored: M: mounted from the recorded mapping and the saved password" \
  || fail "restored: M: mounted from the recorded mapping and the saved password" "$(grep 'INFO mount' "$work/standin.log")"
deadline=$((SECONDS + 60)); while pgrep -f 'smbdrive.exe mount' >/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
grep -rqF -- "$password" "$WINEPREFIX/drive_c/users" "$WINEPREFIX/user.reg" \
  && fail "persistent: no password in clear in the mapping or the registry" \
  || pass "persistent: no password in clear in the mapping or the registry"
run 30 unmount M: --forget
expect "persistent: unmount --forget of the recorded, unmounted drive" 0
run_entry >/dev/null && fail "persistent: --forget of the last mapping removes the Run entry" "$(run_entry)" \
  || pass "persistent: --forget of the last mapping removes the Run entry"
run 60 mappings
[ "$rc" -eq 0 ] && ! grep -qF 'M:' <<<"$out" && pass "persistent: the mapping is forgotten" \
  || fail "persistent: the mapping is forgotten" "exit $rc: $out $err"

# wait_line FILE LINE SECONDS: polls the stand-in's log for a line (the lane's only synchronisation)
wait_line() { local deadline=$((SECONDS + $3)); until grep -qx "$2" "$1" 2>/dev/null; do
  [ "$SECONDS" -ge "$deadline" ] && return 1; kill -0 "$mount_pid" 2>/dev/null || return 1; sleep 0.1; done; }
stalled_mount() { # stalled_mount SCENARIO: mount, stop smbd, let the stand-in query and block, then unmount
  local scenario=$1
  rm -f "$work/standin.log" "$work/go"
  # File information trusted for 0 s: volume queries go to the (stopped) server instead of the drive layer's cache.
  SMBDRIVE_STANDIN_SCENARIO=$scenario SMBDRIVE_STANDIN_GO=$(win_path "$work/go") SMBDRIVE__Vfs__FileInfoLifetimeSeconds=0 \
    "$W" "$pub/smbdrive.exe" "${mount_args[@]}" >"$work/mount.out" 2>"$work/mount.err" </dev/null &
  mount_pid=$!
  if ! wait_line "$work/standin.log" READY 90; then
    fail "$scenario: mounted and ready" "$(tr -d '\r' <"$work/mount.err" | tail -5)"
  else
    kill -STOP $(smbd_all) 2>/dev/null
    touch "$work/go"
    if wait_line "$work/standin.log" BLOCKED 30; then
      local started=$SECONDS
      [ "$scenario" = stall ] && kill -INT "$mount_pid"
      if wait_line "$work/standin.log" UNMOUNTED 30; then
        local took=$((SECONDS - started)) how="Explorer's Disconnect"
        [ "$scenario" = stall ] && how="Ctrl+C (SIGINT, a CTRL_C_EVENT to the console handler)"
        [ "$took" -le 5 ] && pass "$scenario: $how unmounts within 5 s with the server stopped" \
          || fail "$scenario: $how unmounts within 5 s with the server stopped" "${took} s"
      else
        fail "$scenario: unmounted" "no UNMOUNTED within 30 s"
      fi
    else
      fail "$scenario: read blocked on the stopped server" "no BLOCKED line"
    fi
    kill -CONT $(smbd_all) 2>/dev/null
  fi
  local deadline=$((SECONDS + 60))
  while kill -0 "$mount_pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  if kill -0 "$mount_pid" 2>/dev/null; then
    kill -KILL "$mount_pid"; fail "$scenario: smbdrive exits after the unmount" "killed after 60 s"
  else
    wait "$mount_pid"; local code=$?
    [ "$code" -eq 0 ] || [ "$code" -eq 130 ] && pass "$scenario: smbdrive exits after the unmount (exit $code)" \
      || fail "$scenario: smbdrive exits after the unmount" "exit $code: $(tr -d '\r' <"$work/mount.err" | tail -3)"
  fi
  mount_pid=""
  standin_results "$scenario"
}
# ---- share modes and locks, two PCs: the mount holds a read open sharing read only (a legacy program keeping writers
# out); another PC (smbdrive put, a CREATE for writing on its own session) is refused until the mount lets go, then
# writes; then the mount's own opens and locks meet each other on the server.
sharing_mount() {
  rm -f "$work/standin.log" "$work/go" "$work/go.1" "$work/go.2"
  head -c 70000 /dev/urandom >"$share/sharing.bin"
  chmod a+rw "$share/sharing.bin"
  cp "$share/sharing.bin" "$work/sharing-before.bin"
  head -c 5000 /dev/urandom >"$work/other-pc.bin"
  SMBDRIVE_STANDIN_SCENARIO=sharing SMBDRIVE_STANDIN_GO=$(win_path "$work/go") \
    "$W" "$pub/smbdrive.exe" "${mount_args[@]}" >"$work/mount.out" 2>"$work/mount.err" </dev/null &
  mount_pid=$!
  if wait_line "$work/standin.log" HELD 90; then
    run 60 put "$(win_path "$work/other-pc.bin")" "$unc/sharing.bin" --user "$user"
    expect "sharing: another PC's open for writing is refused while the mount's read open shares read only" 1 "STATUS_SHARING_VIOLATION"
    check "sharing: the refused PC changed nothing on the disk" cmp -s "$share/sharing.bin" "$work/sharing-before.bin"
    touch "$work/go.1"
    if wait_line "$work/standin.log" RELEASED 30; then
      run 60 put "$(win_path "$work/other-pc.bin")" "$unc/sharing.bin" --user "$user"
      expect "sharing: once the mount closed its open, the other PC writes" 0
      check "sharing: the other PC's bytes are on the disk" cmp -s "$share/sharing.bin" "$work/other-pc.bin"
    else
      fail "sharing: the mount closed its open" "no RELEASED line"
    fi
    touch "$work/go.2"
  else
    fail "sharing: mounted and holding the file" "$(tr -d '\r' <"$work/mount.err" | tail -5)"
  fi
  local deadline=$((SECONDS + 60))
  while kill -0 "$mount_pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  if kill -0 "$mount_pid" 2>/dev/null; then
    kill -KILL "$mount_pid"; fail "sharing: smbdrive exits after the unmount" "killed after 60 s"
  else
    wait "$mount_pid"; local code=$?
    [ "$code" -eq 0 ] && pass "sharing: smbdrive exits after the unmount" \
      || fail "sharing: smbdrive exits after the unmount" "exit $code: $(tr -d '\r' <"$work/mount.err" | tail -3)"
  fi
  mount_pid=""
  standin_results sharing
  rm -f "$share/sharing.bin"
}
sharing_mount
stalled_mount stall
stalled_mount disconnect

rm -f "$pub/dokan2.dll"
finish
