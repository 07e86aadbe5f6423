// Drives the npm @figuro/chatwoot-sdk (generated from the platform's swagger) through the webhooks API, exactly as an
// application would call it. Prints one JSON line of what each call returned; the C# test checks it and the database.
// Usage: node figuro-sdk-webhooks.js <baseUrl> <accountId> <token>
const ChatwootClient = require('@figuro/chatwoot-sdk').default;

const [baseUrl, accountIdText, token] = process.argv.slice(2);
const accountId = Number(accountIdText);
const client = (t) => new ChatwootClient({ config: { basePath: baseUrl, with_credentials: false, credentials: 'omit', token: t } });

// An ApiError's status and body, or the result.
async function call(fn) {
  try { return { ok: true, value: await fn() }; }
  catch (e) { if (e.status === undefined) throw e; return { ok: false, status: e.status, body: e.body }; }
}

(async () => {
  const sdk = client(token);
  const out = {};
  out.profile = await call(() => sdk.profile.profile());
  out.created = await call(() => sdk.webhooks.create({ accountId, data: { url: 'https://sdk.example/hook', subscriptions: ['message_created', 'conversation_created'] } }));
  const id = out.created.ok ? out.created.value.payload.webhook.id : 0;
  out.listed = await call(() => sdk.webhooks.list({ accountId }));
  out.updated = await call(() => sdk.webhooks.update({ accountId, webhookId: id, data: { url: 'https://sdk.example/v2', subscriptions: ['message_updated'] } }));
  out.invalid = await call(() => sdk.webhooks.create({ accountId, data: { url: 'not a url', subscriptions: ['message_created'] } }));
  out.taken = await call(() => sdk.webhooks.create({ accountId, data: { url: 'https://sdk.example/v2', subscriptions: ['message_created'] } }));
  out.unauthorized = await call(() => client('not-a-token').webhooks.list({ accountId }));
  out.deleted = await call(() => sdk.webhooks.delete({ accountId, webhookId: id }));
  out.deletedAgain = await call(() => sdk.webhooks.delete({ accountId, webhookId: id }));
  out.after = await call(() => sdk.webhooks.list({ accountId }));
  process.stdout.write(JSON.stringify(out) + '\n');
})().catch((e) => { console.error(e); process.exit(1); });
