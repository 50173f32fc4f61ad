#!/usr/bin/env bash
# Worst requests of issue 11 items 2 and 3 (bodies and multipart) against a running
# `pactum serve --demo`: PORT=... PID=<server pid> tests/load/abuse_web.sh. Prints status,
# time, bytes curl managed to send, and the server's RSS and peak RSS around each request.
set -u
PORT=${PORT:-18631}; PID=${PID:?server pid}; B=http://127.0.0.1:$PORT
mem() { awk '/VmRSS|VmHWM/{printf "%s=%dMB ", $1, $2/1024}' /proc/$PID/status; }
run() { local name=$1; shift; echo "== $name"; echo "   before: $(mem)";
  curl -s -o /dev/null -w '   status=%{http_code} time=%{time_total}s uploaded=%{size_upload}B\n' "$@";
  echo "   after:  $(mem)"; }
J=$(mktemp); T=$(mktemp -d)
# A signed-in session and its CSRF token (the demo's citizen).
tok() { curl -s -b $J -c $J "$B$1" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//'; }
TOKEN=$(tok /signin)
curl -s -o /dev/null -b $J -c $J --data-urlencode "csrf_token=$TOKEN" --data-urlencode "email=chiara.romano@demo.pactum.example.org" --data-urlencode "password=commons-demo-2026" $B/signin
TOKEN=$(tok /commons/1)
head -c $((64*1024*1024)) /dev/zero | tr '\0' a > $T/64m
# Item 2: 64 MiB urlencoded POST with its length (anonymous, then signed in with a token).
run "64 MiB form, Content-Length" -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @$T/64m $B/account
run "64 MiB form, signed in, token in header" -b $J -X POST -H "X-CSRF-Token: $TOKEN" -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @$T/64m $B/account
# Item 2: the same chunked (no length).
run "64 MiB form, chunked" -b $J -X POST -H 'Transfer-Encoding: chunked' -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @$T/64m $B/account
# Items 2-3: 64 MiB multipart with the token first.
{ printf -- '--XyZ\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n%s\r\n--XyZ\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\n\r\n' "$TOKEN"; cat $T/64m; printf -- '\r\n--XyZ--\r\n'; } > $T/mp64
run "64 MiB multipart, Content-Length" -b $J -X POST -H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary @$T/mp64 $B/commons/1/photos
run "64 MiB multipart, chunked" -b $J -X POST -H 'Transfer-Encoding: chunked' -H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary @$T/mp64 $B/commons/1/photos
# Item 3: a flood of fields within the route's 10 MiB + 64 KiB (token first, then ~200k tiny parts).
python3 - "$TOKEN" > $T/flood <<'PY'
import sys
t=sys.argv[1]; out=[f'--XyZ\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{t}\r\n']
part='--XyZ\r\nContent-Disposition: form-data; name="f"\r\n\r\nx\r\n'
n=(10*1024*1024)//len(part); out.append(part*n); out.append('--XyZ--\r\n'); sys.stdout.write(''.join(out))
PY
ls -l $T/flood | awk '{print "   flood body bytes:", $5}'
run "multipart field flood" -b $J -X POST -H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary @$T/flood $B/commons/1/photos
# Item 3: multipart with the token after 10 MiB of file (token not first): refused after 64 KiB.
{ printf -- '--XyZ\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\n\r\n'; head -c $((10*1024*1024)) $T/64m; printf -- '\r\n--XyZ\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n%s\r\n--XyZ--\r\n' "$TOKEN"; } > $T/late
run "multipart token after a 10 MiB file" -b $J -X POST -H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary @$T/late $B/commons/1/photos
rm -rf $T $J
