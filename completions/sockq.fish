# fish completion for sockq(8): options and their arguments
# SPDX-License-Identifier: GPL-2.0-or-later

# Which rows the line asks for, as the option that makes sockq
# --list-columns list theirs: -S and --backlog have columns of their own.
# The tokens up to the cursor are walked as getopt walks them, so -So and
# -Soa,b count as -S, and the argument of -N, -o or -c is never taken for
# an option.
function __sockq_rows
    set -l tokens (commandline -opc) (commandline -ct)
    set -l rows
    set -l skip 0
    for t in $tokens[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case --summary
                set rows --summary
            case --backlog
                set rows --backlog
            case --netns --output --format --write --sort --min-use --port --count --warn --state
                set skip 1
            case '--*'
            case '-?*'
                set -l letters (string split '' -- (string sub -s 2 -- $t))
                for i in (seq (count $letters))
                    switch $letters[$i]
                        case S
                            set rows --summary
                        case N o c
                            # The rest of the token is the argument, else the next token.
                            test $i = (count $letters); and set skip 1
                            break
                        case w
                            break
                    end
                end
        end
    end
    set -q rows[1]; and echo $rows
end

# The argument of the option being completed, without what fish strips
# itself before it matches candidates: --output= or a cluster up to -o.
function __sockq_arg
    string replace -r -- '^--[a-z-]+=|^-[^-Noc]*[Noc]' '' (commandline -ct)
end

# Prints "ITEM<tab>DESCRIPTION" lines of stdin as completions of the last
# item of a comma-separated list, with the items before it kept and not
# offered again. $argv[1] is the list.
function __sockq_list
    set -l list $argv[1]
    set -l given (string split , -- "$list")
    set -e given[-1]
    set -l head (string join , -- $given)
    test -n "$head"; and set head "$head,"
    while read -l line
        set -l item (string split -m 1 \t -- $line)
        contains -- $item[1] $given; or printf '%s%s\n' $head $line
    end
end

# -o LIST, -o +LIST: columns asked of sockq itself, so they never drift
# from the code.
function __sockq_columns
    set -l cmd (commandline -opc)
    set -l arg (__sockq_arg)
    # +LIST adds to the default columns.
    set -l plus (string match -r -- '^\+' "$arg")
    $cmd[1] (__sockq_rows) --list-columns 2>/dev/null |
        string replace -r '^(\S+)\s+' '$1\t' |
        __sockq_list (string replace -r -- '^\+' '' "$arg") |
        string replace -r '^' "$plus"
end

# --sort COLUMN
function __sockq_column
    set -l cmd (commandline -opc)
    $cmd[1] (__sockq_rows) --list-columns 2>/dev/null | string replace -r '^(\S+)\s+' '$1\t'
end

# -N SPEC: a /PATH, given alone, or a comma-separated list of the names
# under /run/netns, pids and all.
function __sockq_netns
    set -l arg (__sockq_arg)
    if string match -q -- '/*' "$arg"
        __fish_complete_path "$arg"
        return
    end
    begin
        printf 'all\tevery namespace\n'
        for f in /run/netns/*
            printf '%s\tnamed under /run/netns\n' (string replace -r '.*/' '' -- $f)
        end
    end | __sockq_list "$arg"
end

complete -c sockq -f
complete -c sockq -s l -l listening -d 'listening sockets (the default)'
complete -c sockq -s t -l tcp -d 'TCP over IPv4 and IPv6'
complete -c sockq -s x -l unix -d 'AF_UNIX stream and seqpacket'
complete -c sockq -s 4 -l ipv4 -d 'TCP over IPv4'
complete -c sockq -s 6 -l ipv6 -d 'TCP over IPv6'
complete -c sockq -s N -l netns -x -a '(__sockq_netns)' -d 'namespace NAME, /PATH, PID or all'
complete -c sockq -s o -l output -x -a '(__sockq_columns)' -d 'columns to show (+LIST adds)'
complete -c sockq -l output-all -d 'every column'
complete -c sockq -l list-columns -d 'list the columns'
complete -c sockq -l format -x -a 'table csv json prometheus openmetrics' -d 'output format'
complete -c sockq -l csv -d 'CSV output'
complete -c sockq -s J -l json -d 'JSON output'
complete -c sockq -s H -l no-header -d 'no header line'
complete -c sockq -l write -r -F -d 'write to FILE, replaced whole'
complete -c sockq -s n -l numeric -d 'accepted for ss users; never resolves names'
complete -c sockq -l color -x -a 'auto always never' -d 'highlight full queues'
complete -c sockq -s p -l processes -d 'add pid and command'
complete -c sockq -s S -l summary -d 'one row per namespace'
complete -c sockq -l backlog -d 'one row per CPU: the input backlog'
complete -c sockq -l sort -x -a '(__sockq_column)' -d 'sort by a column'
complete -c sockq -l reverse -d 'reverse the order'
complete -c sockq -l full -d 'only full queues'
complete -c sockq -l min-use -x -d 'only listeners at least PCT full'
complete -c sockq -l port -x -d 'only TCP listeners on this port'
complete -c sockq -s w -l watch -x -d 'sample every SECONDS'
complete -c sockq -s c -l count -x -d 'number of samples'
complete -c sockq -l check -d 'monitoring-plugin status and exit code'
complete -c sockq -l warn -x -d '--check warning threshold'
complete -c sockq -l state -r -F -d '--check compares drops with this file'
complete -c sockq -s h -l help -d 'show help'
complete -c sockq -s V -l version -d 'show version'
