#!/bin/sh
# Passes when the learner's file prints "sum 10".
out=$(python3 "$1") || exit 1
echo "$out"
case "$out" in *"sum 10"*) exit 0 ;; esac
echo 'expected "sum 10"'
exit 1
