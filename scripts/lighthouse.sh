#!/usr/bin/env bash
# Lighthouse 12.2.3 (mobile, its default) on the front page, the seed story and a copy of it
# with a lead image, served the way production serves them: DEBUG off, collected static files
# through whitenoise, the production server (which also serves the pictures' renditions, as
# `make serve`).
#
# Lighthouse's performance score moves with the machine's load (its simulated throttling scales
# what it measures), so each page is audited RUNS times and the median run is reported, as
# Lighthouse's own docs advise. Prints the four category scores per page, every run's performance
# score, and the audits that cost points; exits 1 when a reported score is below 100.
# Not part of CI: people run it (`make lighthouse`) and read it.
#
#   PORT=8450 RUNS=5 bash scripts/lighthouse.sh      # reports land in reports/lighthouse/
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8450}"
RUNS="${RUNS:-5}"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
LIGHTHOUSE=node_modules/lighthouse/cli/index.js
REPORTS=reports/lighthouse
# The flags Chromium needs on these machines (see shared/BROWSER.md).
CHROME_FLAGS="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
--disable-background-networking --disable-component-update --disable-sync"

[ -x .venv/bin/python ] || { echo "No .venv: run 'make install' first." >&2; exit 1; }
[ -f "$LIGHTHOUSE" ] || { echo "Lighthouse is missing: run 'npm ci' (or 'make install')." >&2; exit 1; }
[ -x "$CHROMIUM" ] || { echo "Chromium is missing at $CHROMIUM (apt-get install chromium)." >&2; exit 1; }

# A production-like configuration, with a throwaway database holding the seed story.
WORK="$(mktemp -d)"
export DEBUG=false SECURE_SSL_REDIRECT=false ALLOWED_HOSTS=127.0.0.1 LOG_LEVEL=WARNING
export SERVE_MEDIA=true MEDIA_ROOT="$WORK/media"
export DATABASE_URL="sqlite:///$WORK/lighthouse.sqlite3"
SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py loaddata seed -v0
.venv/bin/python manage.py collectstatic --noinput -v0

SERVER_HOST=127.0.0.1 PORT="$PORT" .venv/bin/python -m newsroom.server &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 50); do curl -fsS -o /dev/null "$BASE/" 2>/dev/null && break; sleep 0.2; done
curl -fsS -o /dev/null "$BASE/" || { echo "The server did not start on $BASE" >&2; exit 1; }

STORY_PATH="$(.venv/bin/python manage.py shell -v0 -c \
  'from articles.models import Story; print(Story.objects.published().first().get_absolute_url())')"
PICTURE_PATH="$(.venv/bin/python scripts/picture_story.py)"

mkdir -p "$REPORTS"
status=0
for page in "front:/" "story:$STORY_PATH" "story-with-picture:$PICTURE_PATH"; do
  name="${page%%:*}"
  url="$BASE${page#*:}"
  rm -f "$REPORTS/$name"-*.json  # only this invocation's runs count
  for run in $(seq "$RUNS"); do
    # Lighthouse sometimes fails to record a trace on a busy machine (NO_NAVSTART): try again.
    for attempt in 1 2 3; do
      node "$LIGHTHOUSE" "$url" --chrome-path="$CHROMIUM" --chrome-flags="$CHROME_FLAGS" \
        --only-categories=performance,accessibility,best-practices,seo \
        --output=json --output-path="$REPORTS/$name-$run.json" --quiet && break
      echo "Lighthouse run $run on $name failed (attempt $attempt of 3)" >&2
      [ "$attempt" -lt 3 ] || exit 1
    done
  done
  node scripts/lighthouse-summary.js "$name" "$REPORTS/$name"-*.json || status=1
done
exit "$status"
