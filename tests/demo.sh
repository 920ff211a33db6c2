#!/usr/bin/env bash
# The main job on a fresh Debian machine (as root): installs what it needs, builds smbdrive, starts a
# throwaway Samba share on loopback with sample files, mounts it with `smbdrive mount`, lists and reads it
# through the mount, checks the bytes against the originals, writes through it (copy in, mkdir, mv, rm -r)
# checking the server's disk after each, unmounts and cleans up.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v smbd >/dev/null || ! command -v fusermount3 >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq samba smbclient fuse3 >/dev/null
fi
command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required (dotnet on PATH)" >&2; exit 2; }

work=$(mktemp -d /tmp/smbdrive-demo.XXXXXX)
chmod 755 "$work"  # smbd reads the share as the share user, who must be able to traverse this folder
mnt="$work/mnt"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
password="Demo-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
smbd_pid=""
cleanup() {
  [ -n "${mounted:-}" ] && { artifacts/demo/smbdrive unmount "$mnt" 2>/dev/null || fusermount3 -uz "$mnt" 2>/dev/null || true; }
  [ -n "$smbd_pid" ] && kill "$smbd_pid" 2>/dev/null || true
  pkill -f "$work/smb.conf" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building smbdrive"
dotnet publish src/SmbDrive -c Release -o artifacts/demo -nologo -v q >/dev/null

echo "== starting Samba on 127.0.0.1:$port with sample files"
mkdir -p "$work"/{priv,lock,state,cache,run,log,share/docs/deep/er,share/photos} "$mnt"
printf 'Hello from a throwaway Samba share.\n' > "$work/share/README.txt"
head -c 50000000 /dev/urandom > "$work/share/photos/big-random.bin"
seq 1 100000 > "$work/share/docs/numbers.txt"
echo "café, 日本語, 😀" > "$work/share/docs/unicode-é日😀.txt"
echo "eight levels down" > "$work/share/docs/deep/er/bottom.txt"
chmod -R a+rwX "$work/share"  # the share user writes here too
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
[demo]
  path = $work/share
  read only = no
CONF
id smbdrivedemo >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin smbdrivedemo
printf '%s\n%s\n' "$password" "$password" | smbpasswd -c "$work/smb.conf" -s -a smbdrivedemo >/dev/null
# In its own session: smbd signals its whole process group when it stops, which would otherwise be this script's.
setsid smbd -s "$work/smb.conf" --foreground --no-process-group --debug-stdout -d0 > "$work/log/smbd.out" 2>&1 &
smbd_pid=$!
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done

export SMBDRIVE_PASSWORD="$password"
echo "== smbdrive ls //127.0.0.1:$port/demo"
artifacts/demo/smbdrive ls "//127.0.0.1:$port/demo" --user smbdrivedemo

echo "== smbdrive mount //127.0.0.1:$port/demo $mnt --daemon"
artifacts/demo/smbdrive mount "//127.0.0.1:$port/demo" "$mnt" --user smbdrivedemo --daemon
mounted=1

echo "== ls -lR through the mount"
ls -lR "$mnt"
echo "== cat $mnt/README.txt"
cat "$mnt/README.txt"
echo "== comparing every file read through the mount with the original"
(cd "$work/share" && find . -type f -print0 | sort -z | xargs -0 sha256sum) > "$work/expected.sha256"
(cd "$mnt" && sha256sum -c --quiet "$work/expected.sha256") && echo "all $(wc -l < "$work/expected.sha256") files identical"
echo "== reading at an offset with dd"
dd if="$mnt/photos/big-random.bin" bs=1M skip=20 count=1 status=none | cmp - <(dd if="$work/share/photos/big-random.bin" bs=1M skip=20 count=1 status=none) && echo "bytes at 20 MiB identical"
echo "== writing through the mount: copy a file in, make a folder, move the file into it; each checked on the server's disk"
head -c 5000000 /dev/urandom > "$work/upload.bin"
cp "$work/upload.bin" "$mnt/uploaded.bin"
cmp "$work/upload.bin" "$work/share/uploaded.bin" && echo "uploaded.bin: identical on the server's disk as soon as cp returned"
mkdir "$mnt/new-folder"
mv "$mnt/uploaded.bin" "$mnt/new-folder/moved.bin"
cmp "$work/upload.bin" "$work/share/new-folder/moved.bin" && echo "moved into new-folder on the server"
rm -r "$mnt/new-folder"
[ ! -e "$work/share/new-folder" ] && echo "rm -r: gone from the server"

echo "== smbdrive unmount $mnt"
artifacts/demo/smbdrive unmount "$mnt"
mounted=
echo "demo finished"
