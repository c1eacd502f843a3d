#!/bin/bash
# The vendor's cURL example (peki-messages-api.md, "cURL"), done right, as scripts/bench.sh
# times it. Changes from the vendor's text, each marked "FIX" or "BENCH" below:
#   FIX   the request path no longer goes into PATH: that variable is the shell's command
#         search path, and overwriting it leaves openssl, base64 and curl not found.
#   FIX   the signed string is built with printf, not `echo -n "POST\n…"`: bash's echo does
#         not expand \n, so the vendor's script signs literal backslash-n and gets a 401.
#   BENCH key, secret, chatbot and base URL come from the environment (PEKI_API_KEY,
#         PEKI_API_SECRET, PEKI_BOT, PEKI_BASE_URL) so that it talks to the local sandbox over
#         plain http on loopback; the vendor's script has them inline and uses
#         https://api.peki.ai. Everything else (openssl, base64, curl's flags) is theirs.

API_KEY="$PEKI_API_KEY"
API_SECRET="$PEKI_API_SECRET"
CHATBOT_ID="$PEKI_BOT"
REQUEST_BODY='{"user":{"id":"user_123","name":"John Doe"},"message":{"content":"What are the latest crypto trends?"}}'
TIMESTAMP=$(date +%s)
# BENCH: split the base URL (http://127.0.0.1:PORT/api) into its origin and its path, which
# the vendor hard-codes as https://api.peki.ai and /api.
BASE_REST="${PEKI_BASE_URL#*://}"
BASE_PATH="/${BASE_REST#*/}"
ORIGIN="${PEKI_BASE_URL%"$BASE_PATH"}"
# FIX: REQUEST_PATH, not PATH (see above).
REQUEST_PATH="$BASE_PATH/Dev/$CHATBOT_ID/message"
# FIX: real newlines between the parts (printf), not the two characters \ and n (echo -n).
SIGNATURE=$(printf '%s\n%s\n%s\n%s' "POST" "$REQUEST_PATH" "$REQUEST_BODY" "$TIMESTAMP" \
  | openssl dgst -sha256 -hmac "$API_SECRET" -binary | base64)
curl -X POST "$ORIGIN$REQUEST_PATH" \
-H "Content-Type: application/json" \
-H "X-API-Key: $API_KEY" \
-H "X-Signature: $SIGNATURE" \
-H "X-Timestamp: $TIMESTAMP" \
-d "$REQUEST_BODY"
