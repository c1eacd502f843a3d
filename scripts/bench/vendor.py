# The vendor's Python example (peki-messages-api.md, "Python"), as scripts/bench.sh times it.
# Changes from the vendor's text, each marked "BENCH" below; the rest is theirs, line for line:
#   BENCH key, secret, chatbot and base URL come from the environment (PEKI_API_KEY,
#         PEKI_API_SECRET, PEKI_BOT, PEKI_BASE_URL) so that it talks to the local sandbox over
#         plain http on loopback; the vendor's example has them inline and posts to
#         https://api.peki.ai. Its signing code had no errata to fix.
import hmac
import hashlib
import base64
import os  # BENCH: for the environment
import time
import json
import requests
from urllib.parse import urlsplit  # BENCH: the base URL's origin and path

api_key = os.environ['PEKI_API_KEY']  # BENCH
api_secret = os.environ['PEKI_API_SECRET']  # BENCH
chatbot_id = os.environ['PEKI_BOT']  # BENCH
base = urlsplit(os.environ['PEKI_BASE_URL'])  # BENCH: http://127.0.0.1:PORT/api
request_body = json.dumps({
    'user': {'id': 'user_123', 'name': 'John Doe'},
    'message': {'content': 'What are the latest crypto trends?'}
})
timestamp = str(int(time.time()))
path = f'{base.path}/Dev/{chatbot_id}/message'  # BENCH: the vendor's is f'/api/Dev/…'
payload = f'POST\n{path}\n{request_body}\n{timestamp}'
signature = base64.b64encode(
    hmac.new(api_secret.encode(), payload.encode(), hashlib.sha256).digest()
).decode()
headers = {
    'Content-Type': 'application/json',
    'X-API-Key': api_key,
    'X-Signature': signature,
    'X-Timestamp': timestamp
}
response = requests.post(
    f'{base.scheme}://{base.netloc}{path}',  # BENCH: the vendor's is f'https://api.peki.ai{path}'
    data=request_body,
    headers=headers
)
if response.status_code == 200:
    result = response.json()
    print('AI Response:', result['data'])
else:
    print('Error:', response.json())
