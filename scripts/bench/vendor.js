// The vendor's JavaScript example (peki-messages-api.md, "JavaScript"), as scripts/bench.sh
// times it. Changes from the vendor's text, each marked "BENCH" below; the rest is theirs:
//   BENCH key, secret, chatbot and base URL come from the environment (PEKI_API_KEY,
//         PEKI_API_SECRET, PEKI_BOT, PEKI_BASE_URL) so that it talks to the local sandbox;
//         the vendor's example has them inline.
//   BENCH node's `http` module on the sandbox's loopback port instead of `https` on
//         api.peki.ai:443: the sandbox serves plain http.
// Left as the vendor wrote it: the body goes out without a Content-Length, so node sends it
// chunked (API-NOTES.md); the sandbox accepts that, as the API must.
const crypto = require("crypto");
const http = require("http"); // BENCH: was require("https")
const base = new URL(process.env.PEKI_BASE_URL); // BENCH: http://127.0.0.1:PORT/api
const apiKey = process.env.PEKI_API_KEY; // BENCH
const apiSecret = process.env.PEKI_API_SECRET; // BENCH
const chatbotId = process.env.PEKI_BOT; // BENCH
const requestBody = JSON.stringify({
  user: { id: "user_123", name: "John Doe" },
  message: { content: "What are the latest crypto trends?" },
});
const timestamp = Math.floor(Date.now() / 1000);
const path = `${base.pathname}/Dev/${chatbotId}/message`; // BENCH: was `/api/Dev/…`
const payload = `POST\n${path}\n${requestBody}\n${timestamp}`;
const signature = crypto
  .createHmac("sha256", apiSecret)
  .update(payload)
  .digest("base64");
const options = {
  hostname: base.hostname, // BENCH: was "api.peki.ai"
  port: base.port, // BENCH: was 443
  path: path,
  method: "POST",
  headers: {
    "Content-Type": "application/json",
    "X-API-Key": apiKey,
    "X-Signature": signature,
    "X-Timestamp": timestamp.toString(),
  },
};
const req = http.request(options, (res) => {
  let data = "";
  res.on("data", (chunk) => (data += chunk));
  res.on("end", () => {
    const response = JSON.parse(data);
    console.log("AI Response:", response.data);
  });
});
req.on("error", (error) => {
  console.error("Error:", error);
});
req.write(requestBody);
req.end();
