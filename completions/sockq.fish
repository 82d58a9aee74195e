# SPDX-License-Identifier: GPL-2.0-or-later
# fish completion for sockq(8)

function __sockq_columns
    # Asked of sockq itself, so the list never drifts from the code.
    set -l cmd (commandline -opc)
    set -l summary
    contains -- -S $cmd; or contains -- --summary $cmd; and set summary --summary
    $cmd[1] $summary --list-columns 2>/dev/null | string replace -r '\s.*' ''
end

function __sockq_netns
    echo all
    if test -d /run/netns
        for f in /run/netns/*
            basename $f
        end
    end
end

complete -c sockq -f
complete -c sockq -s l -l listening -d 'listening sockets (the default)'
complete -c sockq -s t -l tcp -d 'TCP over IPv4 and IPv6'
complete -c sockq -s x -l unix -d 'AF_UNIX stream and seqpacket'
complete -c sockq -s 4 -l ipv4 -d 'TCP over IPv4'
complete -c sockq -s 6 -l ipv6 -d 'TCP over IPv6'
complete -c sockq -s N -l netns -x -a '(__sockq_netns)' -d 'namespace NAME, /PATH, PID or all'
complete -c sockq -s o -l output -x -a '(__sockq_columns)' -d 'columns to show'
complete -c sockq -l output-all -d 'every column'
complete -c sockq -l list-columns -d 'list the columns'
complete -c sockq -l format -x -a 'table csv json openmetrics' -d 'output format'
complete -c sockq -l csv -d 'CSV output'
complete -c sockq -s J -l json -d 'JSON output'
complete -c sockq -s H -l no-header -d 'no header line'
complete -c sockq -l write -r -F -d 'write to FILE, replaced whole'
complete -c sockq -s n -l numeric -d 'accepted for ss users; never resolves names'
complete -c sockq -l color -x -a 'auto always never' -d 'highlight full queues'
complete -c sockq -s p -l processes -d 'add pid and command'
complete -c sockq -s S -l summary -d 'one row per namespace'
complete -c sockq -l backlog -d 'one row per CPU: the input backlog'
complete -c sockq -l sort -x -a '(__sockq_columns)' -d 'sort by a column'
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
