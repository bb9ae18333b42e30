#!/usr/bin/env bash
# Builds the DocC documentation of every library product's targets (found with
# `swift package describe`, so a new module is covered without editing this file) as one combined
# archive, and fails if DocC reports any warning or error, listing each with its file and line.
#
# Also fails if a library target has no landing article `<Target>.docc/<Target>.md`, or if a
# ```swift code block of a catalog's articles does not type-check against the built modules
# (blocks that start with `// swift-tools-version` are manifests and are skipped).
#
# Usage: scripts/check_docs.sh [extra docc options]
# Output: .build/plugins/Swift-DocC/outputs/Mixtape.doccarchive (open its index.html through a web
# server, or `swift package --disable-sandbox preview-documentation --target <Module>`).
#
# Why not `--warnings-as-errors`: the plugin supports it, but it stops at the first target with a
# warning, hiding the others; this script builds every target and treats any warning as an error.
# `--enable-experimental-combined-documentation` gives each target its dependencies' archives, so
# documentation links into another module resolve when written with a leading slash:
# ``/Autodiff/Variable``.
set -euo pipefail
cd "$(dirname "$0")/.."

# Library targets, in the order their products are declared; each target once.
targets=$(swift package describe --type json | python3 -c '
import json, sys
package = json.load(sys.stdin)
paths = {t["name"]: t["path"] for t in package["targets"]}
seen = []
for product in package["products"]:
    if "library" in product["type"]:
        for target in product["targets"]:
            if target not in seen:
                seen.append(target)
                print(target, paths[target])
')
if [ -z "$targets" ]; then
  echo "check_docs: no library targets found by 'swift package describe'" >&2
  exit 1
fi

missing=0
args=()
while read -r name path; do
  args+=(--target "$name")
  if [ ! -f "$path/$name.docc/$name.md" ]; then
    echo "check_docs: $name has no landing article $path/$name.docc/$name.md" >&2
    missing=1
  fi
done <<< "$targets"

log="$(mktemp)"
snippets="$(mktemp -d)"
trap 'rm -rf "$log" "$snippets"' EXIT
start=$SECONDS
status=0
swift package generate-documentation --enable-experimental-combined-documentation \
  "${args[@]}" "$@" >"$log" 2>&1 || status=$?

# DocC's diagnostics start a line with "warning:" or "error:", followed by a "-->" location line
# when they come from a source file or article.
diagnostics=$(grep -E -A1 '^(warning|error):' "$log" | grep -E '^(warning|error):|^ *-->' \
  | sed -E 's/^ *--> /    at /' || true)
count=$(grep -cE '^(warning|error):' "$log" || true)
echo "check_docs: $(( ${#args[@]} / 2 )) targets documented in $(( SECONDS - start )) s"
if [ "$status" -ne 0 ] || [ "$count" -ne 0 ] || [ "$missing" -ne 0 ]; then
  if [ "$status" -ne 0 ] && [ "$count" -eq 0 ]; then
    tail -n 40 "$log" >&2
  fi
  [ -n "$diagnostics" ] && echo "$diagnostics" >&2
  echo "check_docs: FAILED: $count documentation diagnostics (warnings count as errors)," \
    "generate-documentation exit status $status" >&2
  exit 1
fi
echo "check_docs: documentation of $(( ${#args[@]} / 2 )) library targets built without warnings"

# The articles' code blocks, each type-checked as a little program against the modules the
# documentation build has just compiled (debug).
paths=$(while read -r name path; do echo "$path/$name.docc"; done <<< "$targets")
count=$(python3 - "$snippets" $paths <<'PY'
import os, re, sys
out, catalogs = sys.argv[1], sys.argv[2:]
n = 0
for catalog in catalogs:
    for root, _, files in os.walk(catalog):
        for f in sorted(files):
            if not f.endswith(".md"):
                continue
            path = os.path.join(root, f)
            text = open(path, encoding="utf-8").read()
            for m in re.finditer(r"^```swift\n(.*?)^```", text, re.S | re.M):
                code = m.group(1)
                if code.lstrip().startswith("// swift-tools-version"):
                    continue
                line = text.count("\n", 0, m.start()) + 2
                n += 1
                with open(os.path.join(out, "snippet%03d.swift" % n), "w", encoding="utf-8") as s:
                    s.write("// %s:%d\n%s" % (path, line, code))
print(n)
PY
)
modules=.build/debug/Modules
maps=()
# C modules: the dependencies' own maps, and the maps SwiftPM writes for this package's C targets
# (CVectorMath, CMixtureKernels), which the Swift modules above them load.
while IFS= read -r map; do maps+=(-Xcc "-fmodule-map-file=$map"); done \
  < <(find .build/checkouts -path '*/include/module.modulemap' 2>/dev/null; \
      find .build/debug/ -maxdepth 2 -path '*.build/module.modulemap' 2>/dev/null)
failed=0
for snippet in "$snippets"/*.swift; do
  [ -e "$snippet" ] || continue
  if ! out=$(swiftc -typecheck -suppress-warnings -I "$modules" "${maps[@]}" "$snippet" 2>&1); then
    origin=$(head -1 "$snippet" | cut -c4-)     # article:line of the block's first line
    # Report each error at its line in the article (the snippet file has one header line).
    errors=$(echo "$out" | grep -E '^[^ ]+\.swift:[0-9]+:[0-9]+: error:' | awk -v origin="$origin" '{
      split(origin, o, ":"); split($0, e, ":")
      rest = substr($0, length(e[1]) + length(e[2]) + length(e[3]) + 4)
      printf "%s:%d:%s:%s\n", o[1], o[2] + e[2] - 2, e[3], rest }' || true)
    if [ -n "$errors" ]; then echo "$errors" >&2; else echo "$origin: $out" >&2; fi
    failed=1
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "check_docs: FAILED: article code blocks that do not compile" >&2
  exit 1
fi
echo "check_docs: $count article code blocks type-check; total $(( SECONDS - start )) s"
