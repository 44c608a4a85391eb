#!/usr/bin/env bash
# The kernel command line baked into the ISO's grub.cfg.
#
#   grub-cmdline.sh stamp FILE      write $VMM_CMDLINE to FILE if it changed
#   grub-cmdline.sh cfg FILE < grub.cfg > out
#                                   replace @CMDLINE@ with FILE's words
#
# GRUB's script parser would act on ';', '|', '&', '$', '#', braces and
# more: each word is single-quoted, so the command line stays one argument
# list of the multiboot2 command. GRUB re-escapes quotes and backslashes
# with a backslash when it builds the Multiboot command line, which the
# hypervisor does not undo, and a newline would end the GRUB command: those
# and other control characters are refused with a one-line error.
set -euo pipefail

case ${1:-} in
stamp)
	val=${VMM_CMDLINE:-}
	if [[ $val =~ [\'\"\\[:cntrl:]] ]]; then
		bad=${BASH_REMATCH[0]}
		printf "CMDLINE: character %q is not allowed (quotes, backslashes and control characters cannot pass through GRUB unchanged)\n" "$bad" >&2
		exit 1
	fi
	if [ ! -f "$2" ] || [ "$(cat "$2")" != "$val" ]; then
		printf '%s\n' "$val" > "$2"
	fi
	;;
cfg)
	set -f
	quoted=
	for w in $(cat "$2"); do
		quoted="$quoted${quoted:+ }'$w'"
	done
	awk -v r="$quoted" '{
		i = index($0, "@CMDLINE@")
		if (i) $0 = substr($0, 1, i - 1) r substr($0, i + 9)
		print
	}'
	;;
*)
	echo "usage: $0 stamp FILE | cfg FILE" >&2
	exit 2
	;;
esac
