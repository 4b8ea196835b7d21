// The read side of the mixed-load benchmark: autocannon keeps connections busy on the hub's read
// endpoints for a fixed time and this script buckets every answer by the minute it arrived in.
//
//   node readers.mjs CONFIG.json
//
// CONFIG: { "url", "seconds", "timeoutSeconds",
//           "groups": [ { "name", "connections", "token", "paths": ["/v1/..."] } ] }
// Each group is one autocannon instance whose connections pick one of the group's paths at random
// per request. Prints one JSON line per group and minute, then one summary line per group:
//   {"type":"minute","group","minute","requests","errors","non2xx","p50","p90","p99","max"}
//   {"type":"summary","group","requests","errors","timeouts","non2xx","statusCodes"}
// Exits non-zero when the configuration cannot be read; errors during the run are reported, not fatal.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const started = Date.now();
const minuteOf = () => Math.floor((Date.now() - started) / 60000) + 1;

function percentile(sorted, share) {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1);
  return sorted[Math.max(0, rank)];
}

function run(group) {
  const minutes = new Map();
  const bucket = (minute) => {
    if (!minutes.has(minute)) minutes.set(minute, { latencies: [], errors: 0, non2xx: 0 });
    return minutes.get(minute);
  };
  const statusCodes = {};

  return new Promise((resolve) => {
    const instance = autocannon({
      url: config.url,
      connections: group.connections,
      duration: config.seconds,
      timeout: config.timeoutSeconds ?? 10,
      requests: [{
        method: 'GET',
        headers: { authorization: `Bearer ${group.token}`, accept: 'application/json' },
        setupRequest: (request) => {
          request.path = group.paths[Math.floor(Math.random() * group.paths.length)];
          return request;
        },
      }],
    }, (error, result) => {
      if (error) {
        console.error(`${group.name}: ${error.message}`);
      }
      for (const [minute, data] of [...minutes.entries()].sort((a, b) => a[0] - b[0])) {
        const sorted = data.latencies.sort((a, b) => a - b);
        console.log(JSON.stringify({
          type: 'minute', group: group.name, minute, requests: sorted.length, errors: data.errors, non2xx: data.non2xx,
          p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? null,
        }));
      }
      console.log(JSON.stringify({
        type: 'summary', group: group.name, requests: result?.requests?.total ?? 0, errors: result?.errors ?? 0,
        timeouts: result?.timeouts ?? 0, non2xx: result?.non2xx ?? 0, statusCodes,
      }));
      resolve();
    });

    instance.on('response', (client, statusCode, bytes, responseTime) => {
      const data = bucket(minuteOf());
      data.latencies.push(responseTime);
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (statusCode < 200 || statusCode > 299) data.non2xx++;
    });
    instance.on('reqError', () => {
      bucket(minuteOf()).errors++;
    });
  });
}

await Promise.all(config.groups.map(run));
