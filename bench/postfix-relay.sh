#!/usr/bin/env bash
# A private Postfix instance for benchmarks: its own config, queue and data folders, one port,
# relaying one domain to a smtp-sink. Never touches the system's Postfix (no system service, no
# /etc/postfix, no /var/spool/postfix).
#
#   bench/postfix-relay.sh start DIR SMTP_PORT DOMAIN SINK_PORT [relay|hold|etrn]
#     relay (default): deliver to the smtp-sink at once; hold: keep everything queued
#     (defer_transports = smtp), so only acceptance is measured, like the edge alone;
#     etrn: hold the domain's mail (transport 'held' to the sink, listed in defer_transports) until
#     'ETRN DOMAIN' from mynetworks flushes it (fast flush for the relay domain).
#   bench/postfix-relay.sh stop DIR
# Needs root (Postfix's master runs as root and drops to the 'postfix' user) and the postfix package.
set -euo pipefail

cmd=${1:?start|stop}
DIR=${2:?folder}
case "$cmd" in
start)
  PORT=${3:?smtp port}; DOMAIN=${4:?relay domain}; SINK_PORT=${5:?sink port}; MODE=${6:-relay}
  mkdir -p "$DIR/etc" "$DIR/spool" "$DIR/data"
  chown postfix "$DIR/data"
  chmod 755 "$DIR"
  cat > "$DIR/etc/main.cf" <<CF
compatibility_level = 3.6
config_directory = $DIR/etc
queue_directory = $DIR/spool
data_directory = $DIR/data
mail_owner = postfix
setgid_group = postdrop
myhostname = bench-relay.invalid
mydomain = bench-relay.invalid
myorigin = \$myhostname
mydestination =
local_recipient_maps =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relay_domains = $DOMAIN
relayhost = [127.0.0.1]:$SINK_PORT
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtp_dns_support_level = disabled
smtp_tls_security_level = none
smtpd_tls_security_level = none
maillog_file_prefixes = $DIR
maillog_file = $DIR/maillog
biff = no
alias_maps =
alias_database =
append_dot_mydomain = no
default_process_limit = 100
syslog_name = postfix-bench
CF
  case "$MODE" in
    hold) echo "defer_transports = smtp" >>"$DIR/etc/main.cf" ;;
    etrn)
      printf '%s held:[127.0.0.1]:%s\n' "$DOMAIN" "$SINK_PORT" >"$DIR/etc/transport"
      cat >>"$DIR/etc/main.cf" <<ETRN
transport_maps = texthash:$DIR/etc/transport
defer_transports = held
fast_flush_domains = \$relay_domains
smtpd_etrn_restrictions = permit_mynetworks, reject
ETRN
      ;;
  esac
  cat > "$DIR/etc/master.cf" <<CF
127.0.0.1:$PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
held      unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CF
  postfix -c "$DIR/etc" check
  postfix -c "$DIR/etc" start
  for _ in $(seq 1 50); do
    [ -s "$DIR/spool/pid/master.pid" ] && break
    sleep 0.1
  done
  ;;
stop)
  postfix -c "$DIR/etc" stop >/dev/null 2>&1 || true
  ;;
*) echo "usage: $0 start|stop DIR ..." >&2; exit 2 ;;
esac
