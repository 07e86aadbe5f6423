// Reads one JSON object per line from stdin: { secret, headers, body }.
// Prints one line per request: "ok" when the official library accepts the signature, else "fail: <reason>".
import { Webhook } from "standardwebhooks";
import { createInterface } from "node:readline";

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { secret, headers, body } = JSON.parse(line);
  try {
    new Webhook(secret).verify(body, headers);
    console.log("ok");
  } catch (e) {
    console.log("fail: " + e.message);
  }
}
