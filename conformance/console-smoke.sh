#!/usr/bin/env bash
# The console on a running registry, with curl only: the bare address leads browsers to the console,
# the pages render, and a password login (Jakarta Security session + the Faces view state) works up
# to the terms of use and the logged-in home page. Used on the EAR in Payara Server, where the
# browser tests (which run on Payara Micro) do not go.
#   conformance/console-smoke.sh <base-url> <username> <password>
set -euo pipefail
base=${1%/} user=$2 password=$3
jar=$(mktemp) page=$(mktemp)
trap 'rm -f "$jar" "$page"' EXIT
fail() { echo "console-smoke: FAIL: $*" >&2; exit 1; }
viewstate() { grep -o 'name="jakarta.faces.ViewState"[^>]*value="[^"]*"' "$page" | head -1 | sed 's/.*value="//;s/"$//'; }

location=$(curl -s -o /dev/null -w '%{redirect_url}' -H 'Accept: text/html' "$base/")
[[ $location == */console/index.xhtml ]] || fail "GET / redirects to '$location', not the console"

code=$(curl -s -o "$page" -w '%{http_code}' -c "$jar" -b "$jar" "$base/console/index.xhtml")
[ "$code" = 200 ] && grep -q 'id="welcome"' "$page" || fail "home page: HTTP $code"

curl -s -o "$page" -c "$jar" -b "$jar" "$base/console/login.xhtml"
vs=$(viewstate); [ -n "$vs" ] || fail "login page has no view state"
location=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" \
  --data-urlencode loginForm=loginForm --data-urlencode "loginForm:username=$user" \
  --data-urlencode "loginForm:password=$password" --data-urlencode "loginForm:submit=" \
  --data-urlencode "jakarta.faces.ViewState=$vs" "$base/console/login.xhtml")
[[ $location == */console/index.xhtml ]] || fail "login answered a redirect to '$location'"

code=$(curl -s -o "$page" -w '%{http_code}' -L -c "$jar" -b "$jar" "$base/console/index.xhtml")
if grep -q 'id="termsForm:accept"' "$page"; then
  vs=$(viewstate)
  curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode termsForm=termsForm \
    --data-urlencode "termsForm:next=/console/index.xhtml" --data-urlencode "termsForm:accept=" \
    --data-urlencode "jakarta.faces.ViewState=$vs" "$base/console/terms.xhtml"
  curl -s -o "$page" -c "$jar" -b "$jar" "$base/console/index.xhtml"
fi
grep -q "id=\"userForm:accountLink\"[^>]*>$user<" "$page" || fail "after login the home page does not show $user"

code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$base/api/registry/identity")
[ "$code" = 401 ] || fail "the console session opened the API (HTTP $code)"
echo "console-smoke: OK (redirect, home, login, terms, session not valid on the API)"
