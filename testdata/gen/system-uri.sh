# Sourced by the scripts that fetch through a private apt configuration
# (gen/fetch-source.sh, distro/fetch.sh).
#
# system_uri SUITE: the URI the system's apt sources give for SUITE
# (deb822 .sources files and one-line .list files alike).
system_uri() {
	local s=$1 f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		case $f in
		*.sources)
			awk -v s="$s" '
				/^$/ { if (hit && uri != "") { print uri; exit } uri = ""; hit = 0; next }
				/^URIs:/ { uri = $2 }
				/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) hit = 1 }
				END { if (hit && uri != "") print uri }' "$f" ;;
		*)
			sed -E 's/\[[^]]*\]//' "$f" | awk -v s="$s" '$1 == "deb" && $3 == s { print $2 }' ;;
		esac
	done | head -n 1
}
