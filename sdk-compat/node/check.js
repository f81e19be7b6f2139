// Drives Meta's official Node.js business SDK, unmodified, against a Matchlist server: create a
// customer-file audience, add and remove people in sessions, read the audience, page through the
// ad account's audiences, and see a Graph error surface as the SDK's own error type.
//
//   node check.js <base URL> <access token> <ad account id, digits>
//
// The SDK has no base-URL option: FacebookAdsApi.GRAPH is a static getter, so we redefine it —
// the SDK's code itself is untouched. Crash reporting is off (it would post to Meta).
'use strict';
const crypto = require('crypto');
const bizSdk = require('facebook-nodejs-business-sdk');

const { FacebookAdsApi, AdAccount, CustomAudience } = bizSdk;
const [base, token, account] = process.argv.slice(2);
Object.defineProperty(FacebookAdsApi, 'GRAPH', { get: () => base });
FacebookAdsApi.init(token, 'en_US', false);

const sha256 = (s) => crypto.createHash('sha256').update(s).digest('hex');

async function main() {
  const adAccount = new AdAccount('act_' + account);
  const created = await adAccount.createCustomAudience([], {
    name: 'node sdk audience',
    subtype: 'CUSTOM',
    customer_file_source: 'USER_PROVIDED_ONLY',
  });
  await adAccount.createCustomAudience([], { name: 'second', subtype: 'CUSTOM' });
  const audience = new CustomAudience(created.id);

  const emails = ['mary@example.com', 'john@example.com', 'ana@example.com'].map(sha256);
  const added = await audience.createUser([], {
    payload: { schema: 'EMAIL_SHA256', data: emails },
    session: { session_id: 1001, batch_seq: 1, last_batch_flag: false, estimated_num_total: 4 },
  });
  const second = await audience.createUser([], {
    payload: { schema: 'EMAIL_SHA256', data: [sha256('li@example.com')] },
    session: { session_id: 1001, batch_seq: 2, last_batch_flag: true },
  });
  const removed = await audience.deleteUsers({
    payload: { schema: 'EMAIL_SHA256', data: [emails[0]] },
  });
  const read = await audience.get(['name', 'operation_status', 'data_source', 'approximate_count_lower_bound']);

  const names = [];
  let page = await adAccount.getCustomAudiences(['name'], { limit: 1 });
  names.push(...page.map((a) => a._data.name));
  while (page.hasNext()) {
    page = await page.next();
    names.push(...page.map((a) => a._data.name));
  }

  let error = null;
  try {
    await new CustomAudience('1').get(['name']);
  } catch (e) {
    error = { name: e.name, status: e.status, code: e.response && e.response.code };
  }

  console.log(
    JSON.stringify({
      audience_id: created.id,
      added: added._data,
      second: second._data,
      removed: removed,
      read: read._data,
      listed: names,
      error: error,
    })
  );
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
