# top-list.awk: one top list of a summary pretty-printed by tests/jsonpp,
# as "key count err" lines (and "evicted N" first), for comparing with
# sort | uniq -c.  awk -v list=ips -f scripts/top-list.awk SUMMARY.pp
# (-v obj=auth for the logins digest's lists; obj is "top" by default;
# -v extra=bytes adds an item's field of that name after err).
# Keys are printed as the JSON has them (escapes kept).
BEGIN { if (obj == "") obj = "top" }
$0 == " \"" obj "\": {" { top = 1; next }
top && $0 == "  \"" list "\": {" { on = 1; next }
!on { next }
/^   "evicted": / { v = $2; sub(/,$/, "", v); print "evicted", v }
/^     "key": / { k = $0; sub(/^     "key": "/, "", k); sub(/",?$/, "", k) }
/^     "count": / { c = $2; sub(/,$/, "", c) }
/^     "err": / { e = $2; sub(/,$/, "", e); if (extra == "") print k, c, e }
extra != "" && $0 ~ "^     \"" extra "\": " { x = $2; sub(/,$/, "", x); print k, c, e, x }
/^  }/ { exit }
