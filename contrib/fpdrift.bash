# bash completion for fpdrift(1).
#
# The options are read from `fpdrift --help` (once per shell), so the completion names every
# option the installed program has. The values of the options with a fixed set of values are
# listed here; tests/test_completion.sh checks that fpdrift accepts each of them. Lists of
# knob values complete after the last comma: --order seq,pa<Tab> gives --order seq,pairwise.

_fpdrift_options=""

_fpdrift_values()
{
	case $1 in
	--workload) echo "sum dot kmeans mlp softmax" ;;
	--precision) echo "float double mpfr" ;;
	--order) echo "seq reverse pairwise numpy sorted-asc sorted-desc shuffle: kahan neumaier exact" ;;
	--lanes) echo "1 2 4 8 16" ;;
	--threads) echo "1 2 4 8" ;;
	--combine) echo "ordered tree racy" ;;
	--fma) echo "off on" ;;
	--kernel) echo "naive blas" ;;
	--format) echo "text json csv markdown html" ;;
	--round | --round-inside) echo "none round: trunc: bits:" ;;
	--distance) echo "direct expanded" ;;
	--mimic) echo "none sklearn-1.2" ;;
	--sampling) echo "with-replacement epoch-shuffle" ;;
	--stable) echo "on off" ;;
	--generate) echo "blobs: uniform: cancel: seq:" ;;
	--init) echo "first kmeans++: k-means++" ;;
	--ref-bits) echo "64 128 256 512 1024" ;;
	esac
}

_fpdrift()
{
	local cur prev cmd i words
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=""
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	cmd=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		run | merge | diff | schema) cmd=${COMP_WORDS[i]}; break ;;
		-*) ;;
		*) ;;
		esac
	done

	if [[ -z $_fpdrift_options ]]; then
		_fpdrift_options=$("${COMP_WORDS[0]}" --help 2>/dev/null |
			grep -o -- '--[a-z][a-z0-9-]*' | sort -u | tr '\n' ' ')
	fi

	case $prev in
	--data | --init | -o | --output)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return 0
		;;
	esac
	words=$(_fpdrift_values "$prev")
	if [[ -n $words ]]; then
		local head="" tail=$cur
		if [[ $cur == *,* ]]; then
			head=${cur%,*},
			tail=${cur##*,}
		fi
		compopt -o nospace 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -P "$head" -W "$words" -- "$tail")
		# a complete value ends the word; a spec that wants its parameter (shuffle:) does not
		if ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} != *: ]]; then
			compopt +o nospace 2>/dev/null
		fi
		return 0
	fi

	case $cmd in
	merge | diff)
		if [[ $cur == -* ]]; then
			if [[ $cmd == merge ]]; then
				words="-o --output --help"
			else
				words="--max-ulps --format -o --output --help"
			fi
			mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
		else
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -X '!*.json' -- "$cur"; compgen -d -- "$cur")
		fi
		return 0
		;;
	schema) return 0 ;;
	esac
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$_fpdrift_options" -- "$cur")
	elif [[ -z $cmd ]]; then
		mapfile -t COMPREPLY < <(compgen -W "run merge diff schema" -- "$cur")
	fi
	return 0
}
complete -F _fpdrift fpdrift
