# Reads a systemd EnvironmentFile the way systemd does for the files Grader ships: KEY=VALUE per
# line, blank lines and lines starting with # or ; skipped, one pair of surrounding double or single
# quotes removed, no $expansion. Sourced by run-unit.sh and the installed `grader` command, so
# both see exactly what the units see.
#   read_env_file FILE ARRAY   appends "KEY=VALUE" entries to the array named ARRAY
read_env_file() {
  local file=$1 line key value
  local -n entries=$2
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line#"${line%%[![:space:]]*}"}
    [[ -z $line || $line == \#* || $line == \;* ]] && continue
    [[ $line == *=* ]] || { echo "envfile.sh: $file: not KEY=VALUE: $line" >&2; return 1; }
    key=${line%%=*}
    key=${key%"${key##*[![:space:]]}"}
    value=${line#*=}
    value=${value#"${value%%[![:space:]]*}"}
    value=${value%"${value##*[![:space:]]}"}
    if [[ ${#value} -ge 2 && ( ( $value == \"*\" ) || ( $value == \'*\' ) ) ]]; then value=${value:1:${#value}-2}; fi
    entries+=("$key=$value")
  done <"$file"
}
